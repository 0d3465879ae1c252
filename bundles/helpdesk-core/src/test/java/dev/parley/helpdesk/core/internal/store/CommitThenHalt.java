package dev.parley.helpdesk.core.internal.store;

import java.sql.Connection;
import java.util.Map;

import com.zaxxer.hikari.HikariDataSource;

/**
 * A store user that dies like {@code kill -9}: commits rows one transaction at a time through the
 * store's default configuration, says which it committed, then halts without closing anything
 * (no shutdown hook, no H2 close, no write of what H2 might still hold).
 */
public final class CommitThenHalt {

    private CommitThenHalt() {
    }

    public static void main(String[] args) throws Exception {
        String home = args[0];
        int rows = Integer.parseInt(args[1]);
        HikariDataSource store = new HikariDataSource(StoreDataSource.configure(StoreConfigs.of(Map.of()), home));
        try (Connection c = store.getConnection()) {
            c.createStatement().execute("CREATE TABLE IF NOT EXISTS acked (v INT PRIMARY KEY)");
        }
        for (int i = 1; i <= rows; i++) {
            try (Connection c = store.getConnection()) {
                c.setAutoCommit(false);
                c.createStatement().execute("INSERT INTO acked VALUES (" + i + ")");
                c.commit();
            }
            System.out.println("committed " + i); // the acknowledgement a webhook caller would get
        }
        System.out.flush();
        Runtime.getRuntime().halt(137);
    }
}
