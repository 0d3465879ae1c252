package dev.parley.helpdesk.core.internal.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.LongStream;

import org.junit.jupiter.api.Test;

import dev.parley.helpdesk.api.store.AnyOf;

/** Lists of values bound as one array parameter select exactly their rows, through an index. */
class AnyOfTest {

    @Test
    void oneStatementSelectsExactlyTheGivenRowsForAnyCount() throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:h2:mem:" + UUID.randomUUID())) {
            c.createStatement().execute("CREATE TABLE t (id BIGINT PRIMARY KEY, name VARCHAR(20))");
            c.createStatement().execute("INSERT INTO t SELECT X, 'n' || X FROM SYSTEM_RANGE(1, 300)");
            try (PreparedStatement ps = c.prepareStatement("SELECT id FROM t WHERE id = ANY(?) ORDER BY id")) {
                for (int count : new int[] {1, 2, 3, 17, 128, 300}) {
                    List<Long> wanted = LongStream.rangeClosed(1, count).map(i -> i * 7 % 300 + 1).boxed().toList();
                    AnyOf.longs(ps, 1, wanted);
                    assertThat(ids(ps)).as("rows for %d ids", count)
                            .containsExactlyElementsOf(wanted.stream().sorted().toList());
                }
            }
            try (PreparedStatement ps = c.prepareStatement("SELECT id FROM t WHERE name = ANY(?) ORDER BY id")) {
                AnyOf.strings(ps, 1, List.of("n5", "n250", "nobody"));
                assertThat(ids(ps)).containsExactly(5L, 250L);
            }
            try (PreparedStatement ps = c.prepareStatement("EXPLAIN SELECT id FROM t WHERE id = ANY(?)")) {
                AnyOf.longs(ps, 1, List.of(1L, 2L));
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    assertThat(rs.getString(1)).contains("PRIMARY_KEY"); // an index lookup, not a scan
                }
            }
        }
    }

    private static List<Long> ids(PreparedStatement ps) throws Exception {
        List<Long> found = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                found.add(rs.getLong(1));
            }
        }
        return found;
    }
}
