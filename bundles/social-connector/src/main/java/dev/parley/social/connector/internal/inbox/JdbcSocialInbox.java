package dev.parley.social.connector.internal.inbox;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventAdmin;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.parley.helpdesk.api.store.AnyOf;
import dev.parley.helpdesk.api.store.GroupCommit;
import dev.parley.helpdesk.api.store.SchemaMigrator;
import dev.parley.helpdesk.api.store.SqlDialect;
import dev.parley.social.api.InboundMessage;
import dev.parley.social.api.InboxCounts;
import dev.parley.social.api.InboxEvent;
import dev.parley.social.api.InboxState;
import dev.parley.social.api.SocialInbox;
import dev.parley.helpdesk.api.store.JdbcTransactions;

/**
 * The social inbox in the host database ({@code social_inbox}), shared by every node on it. A
 * webhook's events are committed here before the webhook is answered, concurrent deliveries in one
 * transaction ({@link GroupCommit}). Storing is idempotent through the (platform, account,
 * external_id) unique constraint, also when two nodes receive the same event. Claiming selects the oldest due rows and
 * stamps a lease on each, guarded by the condition it selected them with, so two claimers never get
 * the same row; an expired lease makes a row claimable again. A DONE row's {@code due_at} is when
 * it finished, so retention deletes an index range.
 */
@Component(service = {SocialInbox.class, JdbcSocialInbox.class}, configurationPid = InboxStoreConfig.PID,
        configurationPolicy = ConfigurationPolicy.OPTIONAL)
@Designate(ocd = InboxStoreConfig.class)
public final class JdbcSocialInbox implements SocialInbox {

    private static final Logger LOG = LoggerFactory.getLogger(JdbcSocialInbox.class);
    private static final String COLUMNS = "id, payload, state, attempts, received_at, last_error";
    private static final int MAX_ERROR = 2000;

    private final JdbcTransactions tx;
    private final SqlDialect dialect;
    private final GroupCommit<Delivery, Integer> storing;
    private final Clock clock;
    private final PollCursors pollCursors;
    private final ScheduledExecutorService housekeeping;
    private volatile EventAdmin eventAdmin;

    @Activate
    public JdbcSocialInbox(@Reference(target = "(parley.datasource=helpdesk)") DataSource dataSource,
            @Reference SchemaMigrator migrator, InboxStoreConfig config,
            BundleContext context) {
        this(dataSource, migrator, Clock.systemUTC());
        String home = context.getProperty("parley.home");
        if (home != null) {
            // acknowledged webhooks an older version kept in its node-local journal: into the shared inbox, once
            replayOldJournal(Path.of(home, "data", "inbox-journal"));
        }
        long retention = Duration.ofDays(config.retentionDays()).toMillis();
        housekeeping.scheduleWithFixedDelay(() -> deleteHandledBefore(clock.millis() - retention), 1, 60,
                TimeUnit.MINUTES);
    }

    /** An inbox without ConfigAdmin (tests, tools). A factory, not a second public constructor, so SCR sees only one. */
    public static JdbcSocialInbox create(DataSource dataSource, SchemaMigrator migrator, Clock clock) {
        return new JdbcSocialInbox(dataSource, migrator, clock);
    }

    private JdbcSocialInbox(DataSource dataSource, SchemaMigrator migrator, Clock clock) {
        this.dialect = SqlDialect.of(dataSource);
        migrator.migrate(InboxSchema.MODULE, InboxSchema.migrations(dialect));
        this.tx = new JdbcTransactions(dataSource, InboxStoreException::new);
        this.storing = new GroupCommit<>(tx, (c, deliveries) -> Arrays.stream(insertGroup(c, deliveries)).boxed().toList(),
                this::storeAlone);
        this.clock = clock;
        this.pollCursors = new PollCursors(tx, clock);
        this.housekeeping = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "parley-social-inbox-housekeeping");
            t.setDaemon(true);
            return t;
        });
    }

    /** Stores what an older version's node-local journal in {@code dir} still held (see {@link OldJournal}); returns how many events were new. */
    int replayOldJournal(Path dir) {
        int stored = OldJournal.replay(dir, messages -> storeAlone(Delivery.of(messages)));
        nudge(stored);
        return stored;
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    void bindEventAdmin(EventAdmin admin) {
        this.eventAdmin = admin;
    }

    void unbindEventAdmin(EventAdmin admin) {
        if (this.eventAdmin == admin) {
            this.eventAdmin = null;
        }
    }

    @Deactivate
    public void close() {
        housekeeping.shutdownNow();
    }

    /**
     * Stores the messages, with those of every other caller waiting at the same moment, in one
     * transaction (see {@link GroupCommit}); returns once they are committed to the shared database.
     * The webhook endpoint's {@link #accept} is this: its 200 means the events are in the inbox.
     */
    @Override
    public int store(List<InboundMessage> messages) {
        if (messages.isEmpty()) {
            return 0;
        }
        int added = storing.submit(Delivery.of(messages));
        nudge(added);
        return added;
    }

    /** One delivery in its own transaction: the fallback when a shared group commit failed, and the old journal's replay. */
    private int storeAlone(Delivery delivery) {
        for (int attempt = 1;; attempt++) {
            try {
                return tx.inTransaction(c -> insertGroup(c, List.of(delivery))[0]);
            } catch (InboxStoreException e) {
                if (!JdbcTransactions.isUniqueViolation(e) || attempt >= 3) {
                    throw e;
                }
                // H2: the same event arrived twice at once; the next pass sees the other copy and skips it
            }
        }
    }

    /** The rows of a delivery, with where each came from. */
    private record Row(int delivery, InboundMessage message, String payload) {
    }

    /** Orders a group's inserts by the unique key, so two nodes' groups lock the keys they share in the same order. */
    private static final Comparator<Row> KEY_ORDER = Comparator.<Row, String>comparing(r -> r.message().platform())
            .thenComparing(r -> r.message().account()).thenComparing(r -> r.message().externalId());

    /**
     * Inserts the messages of a group of deliveries not stored before; returns how many of each
     * delivery's were new. PostgreSQL, where another node may insert the same event at the same
     * moment, skips a duplicate with {@code ON CONFLICT DO NOTHING} (no error, no retry); inserting
     * in key order keeps two such groups from waiting on each other in a cycle. H2 serves one node:
     * a duplicate is skipped by {@code NOT EXISTS}, and two of its own racing is retried alone.
     */
    private int[] insertGroup(Connection c, List<Delivery> deliveries) throws SQLException {
        List<Row> rows = new ArrayList<>();
        for (int d = 0; d < deliveries.size(); d++) {
            Delivery delivery = deliveries.get(d);
            for (int i = 0; i < delivery.messages().size(); i++) {
                rows.add(new Row(d, delivery.messages().get(i), delivery.payloads().get(i)));
            }
        }
        rows.sort(KEY_ORDER);
        long now = clock.millis();
        int[] added = new int[deliveries.size()];
        String insert = "INSERT INTO social_inbox (platform, account, external_id, channel, conversation_key, kind, "
                + "raw_type, payload, state, attempts, due_at, received_at) ";
        String sql = dialect.shared()
                ? insert + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'PENDING', 0, ?, ?) ON CONFLICT DO NOTHING"
                : insert + "SELECT ?, ?, ?, ?, ?, ?, ?, ?, 'PENDING', 0, ?, ? WHERE NOT EXISTS (SELECT 1 FROM "
                        + "social_inbox WHERE platform = ? AND account = ? AND external_id = ?)";
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (Row row : rows) {
                InboundMessage m = row.message();
                ps.setString(1, m.platform());
                ps.setString(2, m.account());
                ps.setString(3, m.externalId());
                ps.setString(4, m.channel());
                ps.setString(5, m.conversationKey());
                ps.setString(6, m.kind().name());
                if (m.rawType().isPresent()) {
                    ps.setString(7, m.rawType().get());
                } else {
                    ps.setNull(7, Types.VARCHAR);
                }
                ps.setString(8, row.payload());
                ps.setLong(9, now);
                ps.setLong(10, now);
                if (!dialect.shared()) {
                    ps.setString(11, m.platform());
                    ps.setString(12, m.account());
                    ps.setString(13, m.externalId());
                }
                ps.addBatch();
            }
            int[] counts = ps.executeBatch();
            for (int i = 0; i < counts.length; i++) {
                // SUCCESS_NO_INFO (a driver rewriting the batch) counts as new: only the STORED nudge's count uses it
                added[rows.get(i).delivery()] += counts[i] == Statement.SUCCESS_NO_INFO ? 1 : Math.max(0, counts[i]);
            }
        }
        return added;
    }

    @Override
    public List<InboxEvent> claim(int max, Duration lease) {
        long now = clock.millis();
        return tx.inTransaction(c -> {
            if (dialect.shared()) {
                return claimShared(c, now, max, lease);
            }
            // one node (H2): select, then claim by primary key: one UPDATE with an IN (subquery) re-scanned the whole backlog;
            // claims whose lease ran out (a processor that died) come first. Longest due first, in the
            // (state, due_at) index's order so a backlog is not read and sorted whole for each batch
            List<Long> ids = dueIds(c, "SELECT id FROM social_inbox WHERE state = 'CLAIMED' AND due_at <= ? "
                    + "ORDER BY state, due_at, id", now, max);
            if (ids.size() < max) {
                ids.addAll(dueIds(c, "SELECT id FROM social_inbox WHERE state = 'PENDING' AND due_at <= ? "
                        + "ORDER BY state, due_at, id", now, max - ids.size()));
            }
            if (ids.isEmpty()) {
                return List.of();
            }
            try (PreparedStatement ps = c.prepareStatement("UPDATE social_inbox SET state = 'CLAIMED', "
                    + "due_at = ? WHERE id = ? AND " + ByIdStates.CLAIMABLE + " AND due_at <= ?")) {
                for (long id : ids) {
                    ps.setLong(1, now + lease.toMillis());
                    ps.setLong(2, id);
                    ps.setLong(3, now);
                    ps.addBatch();
                }
                int[] updated = ps.executeBatch();
                List<Long> claimed = new ArrayList<>();
                for (int i = 0; i < updated.length; i++) {
                    if (updated[i] > 0) { // another claimer may have taken a row since it was selected
                        claimed.add(ids.get(i));
                    }
                }
                ids = claimed;
            }
            if (ids.isEmpty()) {
                return List.of();
            }
            // read back by primary key, this transaction holds the claimed rows
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT " + COLUMNS + " FROM social_inbox WHERE id = ANY(?) ORDER BY id")) {
                AnyOf.longs(ps, 1, ids);
                return events(ps);
            }
        });
    }


    /** Serializes inbox claims of all nodes on PostgreSQL (a transaction-scoped advisory lock; the value is arbitrary). */
    private static final long CLAIM_LOCK = 0x5041524c4559494eL;

    /**
     * A claim on PostgreSQL, where other nodes claim too. Claimers queue on an advisory lock (a claim
     * is one short transaction), so each sees every other claim committed, and skip rows another
     * writer holds ({@code FOR UPDATE SKIP LOCKED}). A conversation with a live claim is left to its
     * holder: two nodes never thread messages of one conversation at once (which could open two
     * tickets for it); a dead node's claims become claimable when their lease runs out.
     */
    private List<InboxEvent> claimShared(Connection c, long now, int max, Duration lease) throws SQLException {
        try (PreparedStatement lock = c.prepareStatement("SELECT pg_advisory_xact_lock(?)")) {
            lock.setLong(1, CLAIM_LOCK);
            lock.execute();
        }
        // NOT IN over the live claims (the columns are NOT NULL): PostgreSQL hashes that set once. The NOT EXISTS
        // form was planned as a nested loop comparing every candidate with every live claim, 10-15x slower with a
        // backlog and two nodes' claims (docs/BENCHMARKS.md, 2026-12-07); an expired claim is not live, so never itself
        String free = " AND (e.platform, e.account, e.conversation_key) NOT IN (SELECT o.platform, o.account, "
                + "o.conversation_key FROM social_inbox o WHERE o.state = 'CLAIMED' AND o.due_at > ?) "
                + "ORDER BY e.due_at, e.id LIMIT ? FOR UPDATE OF e SKIP LOCKED";
        List<Long> ids = sharedDueIds(c, "SELECT e.id FROM social_inbox e WHERE e.state = 'CLAIMED' AND e.due_at <= ?"
                + free, now, max);
        if (ids.size() < max) {
            ids.addAll(sharedDueIds(c, "SELECT e.id FROM social_inbox e WHERE e.state = 'PENDING' AND e.due_at <= ?"
                    + free, now, max - ids.size()));
        }
        if (ids.isEmpty()) {
            return List.of();
        }
        try (PreparedStatement ps = c.prepareStatement("UPDATE social_inbox SET state = 'CLAIMED', due_at = ? "
                + "WHERE id = ANY(?)")) {
            ps.setLong(1, now + lease.toMillis());
            AnyOf.longs(ps, 2, ids);
            ps.executeUpdate();
        }
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT " + COLUMNS + " FROM social_inbox WHERE id = ANY(?) ORDER BY id")) {
            AnyOf.longs(ps, 1, ids);
            return events(ps);
        }
    }

    private static List<Long> sharedDueIds(Connection c, String sql, long now, int max) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setLong(1, now);
            ps.setLong(2, now);
            ps.setInt(3, max);
            List<Long> ids = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    ids.add(rs.getLong(1));
                }
            }
            return ids;
        }
    }

    private static List<Long> dueIds(Connection c, String sql, long now, int max) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setLong(1, now);
            ps.setMaxRows(max);
            List<Long> ids = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    ids.add(rs.getLong(1));
                }
            }
            return ids;
        }
    }

    @Override
    public void complete(long eventId, String outcome) {
        completeAll(Map.of(eventId, outcome));
    }

    @Override
    public void completeAll(Map<Long, String> outcomes) {
        if (outcomes.isEmpty()) {
            return;
        }
        long now = clock.millis();
        tx.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE social_inbox SET state = 'DONE', outcome = ?, "
                    + "finished_at = ?, due_at = ? WHERE id = ? AND " + ByIdStates.CLAIMED)) {
                for (Map.Entry<Long, String> done : outcomes.entrySet()) {
                    ps.setString(1, truncate(done.getValue()));
                    ps.setLong(2, now);
                    ps.setLong(3, now); // due_at of a DONE row: when it finished, so retention is an index range
                    ps.setLong(4, done.getKey());
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            return null;
        });
    }

    @Override
    public void retry(long eventId, String reason, Instant notBefore) {
        update("UPDATE social_inbox SET state = 'PENDING', attempts = attempts + 1, "
                + "last_error = ?, due_at = ? WHERE id = ? AND " + ByIdStates.CLAIMED, truncate(reason),
                notBefore.toEpochMilli(), eventId);
    }

    @Override
    public void park(long eventId, String reason) {
        update("UPDATE social_inbox SET state = 'PARKED', attempts = attempts + 1, "
                + "last_error = ?, finished_at = ? WHERE id = ? AND " + ByIdStates.CLAIMABLE, truncate(reason),
                clock.millis(), eventId);
    }

    @Override
    public void release(Collection<Long> eventIds) {
        long now = clock.millis();
        tx.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE social_inbox SET state = 'PENDING', "
                    + "due_at = ? WHERE id = ? AND " + ByIdStates.CLAIMED)) {
                for (long id : eventIds) {
                    ps.setLong(1, now);
                    ps.setLong(2, id);
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            return null;
        });
    }

    /**
     * Ignored kinds per raw type. Walks the UNSUPPORTED rows only when asked (the inbox overview),
     * never on the claiming path.
     */
    @Override
    public Map<String, Long> ignoredCounts() {
        return tx.read(c -> {
            Map<String, Long> counts = new java.util.TreeMap<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT raw_type, COUNT(*) FROM social_inbox "
                    + "WHERE kind = 'UNSUPPORTED' AND state <> 'PARKED' GROUP BY raw_type");
                    ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    counts.put(rs.getString(1) == null ? "unknown" : rs.getString(1), rs.getLong(2));
                }
            }
            return counts;
        });
    }

    /**
     * Counts the few unfinished events by state and the table as a whole, in one statement (one
     * snapshot): grouping every row by state walked all the DONE events kept for retention on each
     * call (8.5 ms at 100,000 rows, bench/inbox-queries.sh), and dashboards poll this; a bare
     * COUNT(*) is a lookup on H2.
     */
    @Override
    public InboxCounts counts() {
        return tx.read(c -> {
            long[] byState = new long[InboxState.values().length];
            long all = 0;
            try (PreparedStatement ps = c.prepareStatement("SELECT 'ALL', COUNT(*) FROM social_inbox UNION ALL "
                    + "SELECT state, COUNT(*) FROM social_inbox WHERE state IN ('PENDING', 'CLAIMED', 'PARKED') "
                    + "GROUP BY state");
                    ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    if (rs.getString(1).equals("ALL")) {
                        all = rs.getLong(2);
                    } else {
                        byState[InboxState.valueOf(rs.getString(1)).ordinal()] = rs.getLong(2);
                    }
                }
            }
            long pending = byState[InboxState.PENDING.ordinal()];
            long claimed = byState[InboxState.CLAIMED.ordinal()];
            long parked = byState[InboxState.PARKED.ordinal()];
            return new InboxCounts(pending, claimed, parked, all - pending - claimed - parked);
        });
    }

    @Override
    public Optional<InboxEvent> get(long eventId) {
        return tx.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM social_inbox WHERE id = ?")) {
                ps.setLong(1, eventId);
                return events(ps).stream().findFirst();
            }
        });
    }

    @Override
    public List<InboxEvent> parked(int limit) {
        return tx.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS
                    + " FROM social_inbox WHERE state = 'PARKED' ORDER BY id LIMIT ?")) {
                ps.setInt(1, limit);
                return events(ps);
            }
        });
    }

    @Override
    public boolean replay(long eventId) {
        boolean replayed = update("UPDATE social_inbox SET state = 'PENDING', attempts = 0, due_at = ?, finished_at = NULL "
                + "WHERE id = ? AND " + ByIdStates.PARKED, clock.millis(), eventId) > 0;
        if (replayed) {
            nudge(1);
        }
        return replayed;
    }

    @Override
    public int replayParked() {
        int replayed = update("UPDATE social_inbox SET state = 'PENDING', attempts = 0, due_at = ?, finished_at = NULL "
                + "WHERE state = 'PARKED'", clock.millis());
        nudge(replayed);
        return replayed;
    }

    /** Last event, events since {@code since}, pending and parked counts of one account. */
    public AccountActivity activity(String account, Instant since) {
        return AccountActivity.read(tx, account, since);
    }

    /** Where polling of {@code account} stopped, if it ever ran. */
    public Optional<String> pollCursor(String account) {
        return pollCursors.get(account);
    }

    /** Records where polling of {@code account} stopped; called only after its messages are stored. */
    public void savePollCursor(String account, String platform, String cursor) {
        pollCursors.save(account, platform, cursor);
    }

    /** Deletes handled events finished before {@code cutoffMillis}; returns how many. */
    public int deleteHandledBefore(long cutoffMillis) {
        try {
            int deleted = update("DELETE FROM social_inbox WHERE state = 'DONE' AND due_at < ?", cutoffMillis);
            if (deleted > 0) {
                LOG.info("Social inbox: deleted {} handled events past retention", deleted);
            }
            return deleted;
        } catch (RuntimeException e) {
            LOG.warn("Social inbox housekeeping failed: {}", e.getMessage());
            return 0;
        }
    }

    private void nudge(int count) {
        EventAdmin admin = eventAdmin;
        if (count > 0 && admin != null) {
            admin.postEvent(new Event(TOPIC_STORED, Map.of(PROPERTY_COUNT, count)));
        }
    }

    private int update(String sql, Object... params) {
        return tx.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                for (int i = 0; i < params.length; i++) {
                    ps.setObject(i + 1, params[i]);
                }
                return ps.executeUpdate();
            }
        });
    }

    private static List<InboxEvent> events(PreparedStatement ps) throws SQLException {
        List<InboxEvent> events = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                events.add(new InboxEvent(rs.getLong(1), InboundJson.read(rs.getString(2)),
                        InboxState.valueOf(rs.getString(3)), rs.getInt(4), Instant.ofEpochMilli(rs.getLong(5)),
                        Optional.ofNullable(rs.getString(6))));
            }
        }
        return events;
    }

    private static String truncate(String text) {
        String value = text == null ? "" : text;
        return value.length() > MAX_ERROR ? value.substring(0, MAX_ERROR - 3) + "..." : value;
    }
}
