package dev.parley.social.connector.internal.inbox;

import java.util.UUID;

import javax.sql.DataSource;

import org.h2.jdbcx.JdbcDataSource;

import dev.parley.helpdesk.api.store.SchemaMigrator;
import com.zaxxer.hikari.HikariDataSource;
import dev.parley.helpdesk.core.internal.store.StoreDataSource;
import dev.parley.helpdesk.core.internal.store.JdbcSchemaMigrator;

/** A fresh in-memory H2 behind the host's own pool and migrator, as in the runtime. */
public final class TestDatabase {

    public final HikariDataSource pool;
    public final SchemaMigrator migrator;

    public TestDatabase() {
        JdbcDataSource h2 = new JdbcDataSource();
        h2.setURL("jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
        pool = StoreDataSource.pooled(h2, 8, 5_000);
        migrator = new JdbcSchemaMigrator(pool);
    }

    public DataSource dataSource() {
        return pool;
    }

    public void close() {
        pool.close();
    }
}
