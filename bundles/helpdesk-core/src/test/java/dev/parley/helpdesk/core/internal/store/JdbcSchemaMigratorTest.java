package dev.parley.helpdesk.core.internal.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;

import com.zaxxer.hikari.HikariDataSource;

import dev.parley.helpdesk.api.store.Migration;

class JdbcSchemaMigratorTest {

    /**
     * Two components of one module migrating at once, as during boot: on H2 each DDL statement
     * commits and so releases the module's row lock, and without taking turns the second call ran
     * v1 again ("Table ... already exists").
     */
    @Test
    void concurrentMigrationsOfOneModuleOnH2ApplyEachStepOnce() throws Exception {
        JdbcDataSource h2 = new JdbcDataSource();
        h2.setURL("jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
        try (HikariDataSource pool = StoreDataSource.pooled(h2, 16, 10_000)) {
            JdbcSchemaMigrator migrator = new JdbcSchemaMigrator(pool);
            List<Migration> migrations = new ArrayList<>();
            for (int v = 1; v <= 10; v++) {
                List<String> tables = new ArrayList<>();
                for (int t = 0; t < 5; t++) {
                    tables.add("CREATE TABLE t" + v + "_" + t + " (id INT PRIMARY KEY)");
                }
                migrations.add(Migration.of(v, "step " + v, tables.toArray(String[]::new)));
            }
            ExecutorService threads = Executors.newFixedThreadPool(6);
            try {
                CountDownLatch go = new CountDownLatch(1);
                List<CompletableFuture<Integer>> calls = new ArrayList<>();
                for (int i = 0; i < 6; i++) {
                    calls.add(CompletableFuture.supplyAsync(() -> {
                        try {
                            go.await();
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                        return migrator.migrate("racing", migrations);
                    }, threads));
                }
                go.countDown();
                for (CompletableFuture<Integer> call : calls) {
                    assertThat(call.get(30, TimeUnit.SECONDS)).isEqualTo(10);
                }
            } finally {
                threads.shutdownNow();
            }
            try (Connection c = pool.getConnection(); Statement st = c.createStatement();
                    ResultSet rs = st.executeQuery("SELECT version FROM parley_schema WHERE module = 'racing'")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getInt(1)).isEqualTo(10);
            }
        }
    }
}
