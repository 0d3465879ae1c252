package dev.parley.helpdesk.core.internal.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.LongStream;

import org.junit.jupiter.api.Test;

import dev.parley.helpdesk.api.store.InList;

/** IN lists padded to a power of two: the same rows as an exact list, and few statement texts. */
class InListTest {

    @Test
    void slotsRoundUpToAPowerOfTwo() {
        assertThat(List.of(1, 2, 3, 4, 5, 8, 9, 200, 256, 257).stream().map(InList::slots))
                .containsExactly(1, 2, 4, 4, 8, 8, 16, 256, 256, 512);
        assertThatThrownBy(() -> InList.slots(0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void paddedListsSelectExactlyTheGivenRowsAndShareStatementTexts() throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:h2:mem:" + UUID.randomUUID())) {
            c.createStatement().execute("CREATE TABLE t (id BIGINT PRIMARY KEY)");
            c.createStatement().execute("INSERT INTO t SELECT X FROM SYSTEM_RANGE(1, 300)");
            Set<String> texts = new HashSet<>();
            for (int count = 1; count <= 256; count++) {
                List<Long> wanted = LongStream.rangeClosed(1, count).map(i -> i * 7 % 300 + 1).boxed().toList();
                String sql = "SELECT id FROM t WHERE id IN (" + InList.placeholders(count) + ") ORDER BY id";
                texts.add(sql);
                List<Long> found = new ArrayList<>();
                try (PreparedStatement ps = c.prepareStatement(sql)) {
                    assertThat(InList.bind(ps, 1, wanted)).isEqualTo(1 + InList.slots(count));
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            found.add(rs.getLong(1));
                        }
                    }
                }
                assertThat(found).as("rows for %d ids", count).containsExactlyElementsOf(wanted.stream().sorted().toList());
            }
            assertThat(texts).hasSize(9); // 1, 2, 4, ... 256: the database parses each once per session
        }
    }
}
