package dev.parley.sla.internal.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;

import javax.sql.DataSource;

import dev.parley.helpdesk.api.store.SchemaMigrator;
import dev.parley.helpdesk.api.store.SqlDialect;
import dev.parley.sla.api.SlaTarget;

/**
 * How far each target's escalation ladder has climbed: per ticket, target and cycle, the highest
 * step posted (steps are reached in ascending order, so that one number says which were). A pass
 * moves a ladder up by compare-and-set on the step it read, so the steps in between belong to
 * exactly one pass, also between nodes and across restarts. Each call is its own transaction.
 */
public final class LadderStore {

    /** One target's ladder in one cycle: the key of {@code sla_ladder}. */
    public record Ladder(long ticketId, SlaTarget target, int cycle) {
    }

    /** Moves {@code ladder} from the step a pass read ({@code seen}, 0 before the first) up to {@code reached}. */
    public record Climb(Ladder ladder, int seen, int reached) {
    }

    /** A climb's outcome when another pass had already taken the ladder at least as high. */
    public static final int TAKEN = -1;

    private static final Comparator<Climb> KEY_ORDER = Comparator.<Climb>comparingLong(k -> k.ladder().ticketId())
            .thenComparing(k -> k.ladder().target().name()).thenComparingInt(k -> k.ladder().cycle());
    private static final String COLUMNS = "(ticket_id, target, cycle, step, fired_at) VALUES (?, ?, ?, ?, ?)";
    private static final String INSERT = "INSERT INTO sla_ladder " + COLUMNS;
    private static final String MOVE_UP = "UPDATE sla_ladder SET step = ?, fired_at = ? "
            + "WHERE ticket_id = ? AND target = ? AND cycle = ? AND step = ?";
    /** PostgreSQL: insert, or move up only from the step read; 0 rows when another node moved it first. */
    private static final String INSERT_OR_MOVE_UP = INSERT + " ON CONFLICT (ticket_id, target, cycle) DO UPDATE "
            + "SET step = EXCLUDED.step, fired_at = EXCLUDED.fired_at WHERE sla_ladder.step = ?";
    private static final int ATTEMPTS = 10;

    private final DataSource dataSource;
    private final SqlDialect dialect;

    public LadderStore(DataSource dataSource, SchemaMigrator migrator) {
        migrator.migrate(SlaSchema.MODULE, SlaSchema.MIGRATIONS);
        this.dataSource = dataSource;
        this.dialect = SqlDialect.of(dataSource);
    }

    /** The step each ladder of the open tickets stands at: one query per pass. */
    public Map<Ladder, Integer> climbedForOpen() {
        return SlaJdbc.read(dataSource, c -> {
            Map<Ladder, Integer> climbed = new HashMap<>();
            try (PreparedStatement s = c.prepareStatement("SELECT l.ticket_id, l.target, l.cycle, l.step "
                    + "FROM sla_ladder l JOIN sla_tickets t ON t.ticket_id = l.ticket_id "
                    + "WHERE t.status IN ('NEW', 'OPEN', 'PENDING')"); ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    climbed.put(new Ladder(rs.getLong(1), SlaTarget.valueOf(rs.getString(2)), rs.getInt(3)),
                            rs.getInt(4));
                }
            }
            return climbed;
        });
    }

    /**
     * Moves every ladder up in one transaction (one commit for the batch). Element {@code i} of the
     * result is the step {@code climbs.get(i)}'s ladder stood at before this call moved it (the
     * steps above it up to {@code reached} are the caller's to post), or {@link #TAKEN}. A ladder
     * another pass moved since it was read is climbed again on its own from where it stands.
     */
    public int[] climbAll(List<Climb> climbs, Instant at) {
        int[] before = new int[climbs.size()];
        if (climbs.isEmpty()) {
            return before;
        }
        // in key order: two nodes' batches lock the rows they share in the same order
        Integer[] order = new Integer[climbs.size()];
        Arrays.setAll(order, i -> i);
        Arrays.sort(order, Comparator.comparing(climbs::get, KEY_ORDER));
        Arrays.fill(before, Integer.MIN_VALUE);
        try {
            SlaJdbc.write(dataSource, c -> {
                if (dialect.shared()) {
                    climbShared(c, climbs, order, at, before);
                } else {
                    climbAlone(c, climbs, order, at, before);
                }
                return null;
            });
        } catch (SlaStoreException e) {
            if (!SlaJdbc.isUniqueViolation(e)) {
                throw e;
            }
            Arrays.fill(before, Integer.MIN_VALUE); // rolled back: each on its own below
        } catch (RowCountsUnknown e) {
            Arrays.fill(before, Integer.MIN_VALUE); // rolled back: each on its own below, counted
        }
        for (int i = 0; i < before.length; i++) {
            if (before[i] == Integer.MIN_VALUE) {
                Climb k = climbs.get(i);
                before[i] = climb(k.ladder(), k.reached(), at);
            }
        }
        return before;
    }

    /** H2, one node: new ladders inserted, known ones moved up from the step read, two batches. */
    private static void climbAlone(Connection c, List<Climb> climbs, Integer[] order, Instant at, int[] before)
            throws SQLException {
        List<Integer> inserted = new ArrayList<>();
        List<Integer> moved = new ArrayList<>();
        try (PreparedStatement insert = c.prepareStatement(INSERT);
                PreparedStatement moveUp = c.prepareStatement(MOVE_UP)) {
            for (int i : order) {
                Climb k = climbs.get(i);
                if (k.seen() == 0) {
                    bindRow(insert, k.ladder(), k.reached(), at);
                    insert.addBatch();
                    inserted.add(i);
                } else {
                    bindMoveUp(moveUp, k.ladder(), k.seen(), k.reached(), at);
                    moveUp.addBatch();
                    moved.add(i);
                }
            }
            outcomes(inserted.isEmpty() ? new int[0] : insert.executeBatch(), inserted, climbs, before);
            outcomes(moved.isEmpty() ? new int[0] : moveUp.executeBatch(), moved, climbs, before);
        }
    }

    /** PostgreSQL, several nodes: one upsert per ladder that moves it only from the step read. */
    private static void climbShared(Connection c, List<Climb> climbs, Integer[] order, Instant at, int[] before)
            throws SQLException {
        try (PreparedStatement upsert = c.prepareStatement(INSERT_OR_MOVE_UP)) {
            for (int i : order) {
                Climb k = climbs.get(i);
                bindRow(upsert, k.ladder(), k.reached(), at);
                upsert.setInt(6, k.seen());
                upsert.addBatch();
            }
            outcomes(upsert.executeBatch(), Arrays.asList(order), climbs, before);
        }
    }

    /** A row written means the ladder moved from the step read; none, that it is to be climbed again. */
    private static void outcomes(int[] counts, List<Integer> indexes, List<Climb> climbs, int[] before) {
        for (int k = 0; k < counts.length; k++) {
            if (counts[k] == Statement.SUCCESS_NO_INFO) {
                throw new RowCountsUnknown();
            }
            int i = indexes.get(k);
            before[i] = counts[k] != 0 ? climbs.get(i).seen() : Integer.MIN_VALUE;
        }
    }

    /**
     * A driver that rewrites batches (pgjdbc's {@code reWriteBatchedInserts=true} in the store URL)
     * does not say which rows it wrote; the batch is rolled back and each ladder climbed on its own.
     */
    private static final class RowCountsUnknown extends RuntimeException {
        private static final long serialVersionUID = 1L;

        RowCountsUnknown() {
            super("the JDBC driver did not report the rows of a batch", null, false, false);
        }
    }

    /**
     * Moves one ladder up to {@code reached} from wherever it stands, in a transaction of its own;
     * returns the step it stood at, or {@link #TAKEN} when it already stood at {@code reached} or higher.
     */
    public int climb(Ladder ladder, int reached, Instant at) {
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            int from = step(ladder).orElse(0);
            if (from >= reached) {
                return TAKEN;
            }
            if (from == 0 ? insert(ladder, reached, at) : moveUp(ladder, from, reached, at)) {
                return from;
            }
        }
        throw new SlaStoreException("the escalation ladder of " + ladder + " kept moving under this pass", null);
    }

    private OptionalInt step(Ladder ladder) {
        return SlaJdbc.read(dataSource, c -> {
            try (PreparedStatement s = c.prepareStatement(
                    "SELECT step FROM sla_ladder WHERE ticket_id = ? AND target = ? AND cycle = ?")) {
                s.setLong(1, ladder.ticketId());
                s.setString(2, ladder.target().name());
                s.setInt(3, ladder.cycle());
                try (ResultSet rs = s.executeQuery()) {
                    return rs.next() ? OptionalInt.of(rs.getInt(1)) : OptionalInt.empty();
                }
            }
        });
    }

    private boolean insert(Ladder ladder, int reached, Instant at) {
        try {
            return SlaJdbc.write(dataSource, c -> {
                try (PreparedStatement insert = c.prepareStatement(INSERT
                        + (dialect.shared() ? " ON CONFLICT DO NOTHING" : ""))) {
                    bindRow(insert, ladder, reached, at);
                    return insert.executeUpdate() > 0;
                }
            });
        } catch (SlaStoreException e) {
            if (SlaJdbc.isUniqueViolation(e)) {
                return false;
            }
            throw e;
        }
    }

    private boolean moveUp(Ladder ladder, int from, int reached, Instant at) {
        return SlaJdbc.write(dataSource, c -> {
            try (PreparedStatement moveUp = c.prepareStatement(MOVE_UP)) {
                bindMoveUp(moveUp, ladder, from, reached, at);
                return moveUp.executeUpdate() > 0;
            }
        });
    }

    private static void bindRow(PreparedStatement s, Ladder ladder, int step, Instant at) throws SQLException {
        s.setLong(1, ladder.ticketId());
        s.setString(2, ladder.target().name());
        s.setInt(3, ladder.cycle());
        s.setInt(4, step);
        s.setLong(5, at.toEpochMilli());
    }

    private static void bindMoveUp(PreparedStatement s, Ladder ladder, int from, int to, Instant at)
            throws SQLException {
        s.setInt(1, to);
        s.setLong(2, at.toEpochMilli());
        s.setLong(3, ladder.ticketId());
        s.setString(4, ladder.target().name());
        s.setInt(5, ladder.cycle());
        s.setInt(6, from);
    }
}
