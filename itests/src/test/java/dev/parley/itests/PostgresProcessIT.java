package dev.parley.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;

import org.junit.Test;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * parley.jar on PostgreSQL as docs/OPERATIONS.md describes it: a database and a user, and a store
 * configuration holding nothing but the jdbc:postgresql URL, the user and the password. No driver to
 * add, no target filter: Parley gets healthy and its tickets land in PostgreSQL.
 */
public class PostgresProcessIT {

    private static final Duration BOOT = Duration.ofSeconds(90);

    @Test
    public void aStoreConfigWithOnlyAPostgresUrlStoresTicketsInPostgres() throws Exception {
        try (EmbeddedPostgres postgres = EmbeddedPostgres.builder().start()) {
            try (Connection c = postgres.getPostgresDatabase().getConnection(); Statement st = c.createStatement()) {
                st.execute("CREATE ROLE parley LOGIN PASSWORD 'pg-secret-1'");
                st.execute("CREATE DATABASE parley OWNER parley");
            }
            Path home = RuntimeLayout.newWorkDir("postgres-");
            Files.createDirectories(home.resolve("etc"));
            RuntimeLayout.writeConfig(home.resolve("etc/dev.parley.helpdesk.store.cfg"),
                    "url = jdbc:postgresql://localhost:" + postgres.getPort() + "/parley\n"
                            + "user = parley\n"
                            + "password = pg-secret-1\n");
            int port = RuntimeLayout.freePort();
            try (ParleyProcess parley = ParleyProcess.start(home, port)) {
                parley.awaitReady(BOOT);
                parley.api().awaitHealthy(BOOT);
                ApiClient.Reply created = parley.api().post("/api/tickets",
                        "{\"subject\":\"Stored in PostgreSQL\",\"requester\":{\"email\":\"pg@example.com\"}}");
                assertEquals(created.body(), 201, created.status());
                long id = created.json().get("id").asLong();

                try (Connection c = postgres.getDatabase("parley", "parley").getConnection();
                        Statement st = c.createStatement();
                        ResultSet rs = st.executeQuery("SELECT subject FROM tickets WHERE id = " + id)) {
                    assertTrue("the ticket is a row in PostgreSQL", rs.next());
                    assertEquals("Stored in PostgreSQL", rs.getString(1));
                }
                assertTrue("no H2 file was created", !Files.exists(home.resolve("data/parley.mv.db")));
                assertTrue("the password is never printed",
                        parley.output().stream().noneMatch(l -> l.contains("pg-secret-1")));
                assertEquals("SIGTERM stops cleanly", 0, parley.terminate(Duration.ofSeconds(30)));
            }
        }
    }
}
