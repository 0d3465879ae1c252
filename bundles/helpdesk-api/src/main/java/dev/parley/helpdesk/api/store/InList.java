package dev.parley.helpdesk.api.store;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;

/**
 * {@code IN (?, ?, ...)} lists whose SQL text comes in a few sizes only. A database caches parsed
 * statements by their text (H2 keeps a small LRU per session): one list per count made every
 * batch size a new statement, and a busy runtime parsed the same queries over and over. The
 * number of placeholders is rounded up to a power of two and the spare ones repeat the last
 * value, which an {@code IN} list does not mind.
 */
public final class InList {

    private InList() {
    }

    /** How many placeholders a list of {@code count} values gets: {@code count} rounded up to a power of two. */
    public static int slots(int count) {
        if (count < 1) {
            throw new IllegalArgumentException("an IN list needs at least one value");
        }
        return Integer.highestOneBit(count) == count ? count : Integer.highestOneBit(count) << 1;
    }

    /** {@code "?, ?, ..."} with {@link #slots(int) slots(count)} placeholders, for inside the parentheses. */
    public static String placeholders(int count) {
        return String.join(", ", Collections.nCopies(slots(count), "?"));
    }

    /** {@code values} as {@link #slots(int) slots(values.size())} parameters: the spare slots repeat the last value. */
    public static Object[] padded(Collection<?> values) {
        Object[] padded = new Object[slots(values.size())];
        int index = 0;
        for (Object value : values) {
            padded[index++] = value;
        }
        Arrays.fill(padded, index, padded.length, padded[index - 1]);
        return padded;
    }

    /** Binds {@link #padded(Collection) padded(values)} from {@code firstIndex} on; returns the next parameter index. */
    public static int bind(PreparedStatement ps, int firstIndex, Collection<?> values) throws SQLException {
        int index = firstIndex;
        for (Object value : padded(values)) {
            ps.setObject(index++, value);
        }
        return index;
    }
}
