package dev.parley.bench;

import java.nio.file.Files;
import java.sql.Connection;
import java.sql.Statement;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.LongSupplier;

import org.h2.jdbcx.JdbcDataSource;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventAdmin;

import dev.parley.helpdesk.api.ChannelIdentity;
import dev.parley.helpdesk.api.Customer;
import dev.parley.helpdesk.api.NewMessage;
import dev.parley.helpdesk.api.NewTicket;
import dev.parley.helpdesk.api.TicketPage;
import dev.parley.helpdesk.api.TicketHead;
import dev.parley.helpdesk.api.TicketQuery;
import dev.parley.helpdesk.api.TicketService;
import dev.parley.helpdesk.api.TicketStatus;
import dev.parley.helpdesk.api.Visibility;
import com.zaxxer.hikari.HikariDataSource;
import dev.parley.helpdesk.core.internal.store.StoreDataSource;
import dev.parley.helpdesk.core.internal.store.JdbcSchemaMigrator;
import dev.parley.helpdesk.core.internal.tickets.JdbcCustomerService;
import dev.parley.helpdesk.core.internal.tickets.JdbcTicketService;
import dev.parley.sla.internal.clock.SlaCalculator;
import dev.parley.sla.internal.clock.SlaEngine;
import dev.parley.sla.internal.clock.SlaRules;
import dev.parley.sla.internal.ladder.EscalationLadder;
import dev.parley.sla.internal.policy.PolicyCatalog;
import dev.parley.sla.internal.rest.SlaServlet;
import dev.parley.sla.internal.store.LadderStore;
import dev.parley.sla.internal.store.SlaStore;

/**
 * SLA state for N open tickets through the SLA bundle's real classes on the runtime's H2 file
 * database (WRITE_DELAY=0): the install backfill, the restart reconcile, {@code SlaService.openTickets},
 * the first page of {@code GET /api/sla/tickets} (servlet, subjects, JSON) and the escalation ladder's
 * minute pass, once with every step new and once with every step already fired.
 * Usage: SlaCompute [tickets=100000] [repeats=5] [database directory to keep and reuse]
 */
public final class SlaCompute {

    private static final EventAdmin NO_EVENTS = new EventAdmin() {
        @Override
        public void postEvent(Event event) {
        }

        @Override
        public void sendEvent(Event event) {
        }
    };

    public static void main(String[] args) throws Exception {
        int count = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        int repeats = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        boolean reuse = args.length > 2 && Files.exists(Path.of(args[2], "parley.mv.db"));
        Path dir = args.length > 2 ? Files.createDirectories(Path.of(args[2])) : Files.createTempDirectory("parley-sla-bench");
        JdbcDataSource h2 = new JdbcDataSource();
        h2.setURL("jdbc:h2:file:" + dir.resolve("parley") + ";DB_CLOSE_ON_EXIT=FALSE;WRITE_DELAY=0");
        HikariDataSource pool = StoreDataSource.pooled(h2, 16, 30_000);
        try {
            JdbcSchemaMigrator migrator = new JdbcSchemaMigrator(pool);
            JdbcTicketService tickets = new JdbcTicketService(pool, migrator, NO_EVENTS);
            long setup = System.nanoTime();
            if (reuse) {
                forgetSlaState(pool);
            } else {
                createTickets(tickets, new JdbcCustomerService(pool, migrator), count);
            }
            System.out.printf("setup: %,d open tickets in %,d ms (not measured below)%n", count, ms(setup));
            if (Boolean.getBoolean("bench.setupOnly")) { // a database to copy for A/B runs that start alike
                return;
            }
            if (!Boolean.getBoolean("bench.skipQuery")) { // minutes under load: measured once per baseline is enough
                report("host: page through the open tickets (TicketService.query)", 1, () -> pageOpen(tickets));
            }
            report("host: keyset walk of the open tickets (headsAfter)", 1, () -> walkOpen(tickets, Read.HEADS));
            report("host: keyset walk, whole tickets (headsAfter + getAll)", 1,
                    () -> walkOpen(new JdbcTicketService(pool, migrator, NO_EVENTS), Read.WHOLE));
            report("host: keyset walk, outlines (headsAfter + outlines)", 1,
                    () -> walkOpen(new JdbcTicketService(pool, migrator, NO_EVENTS), Read.OUTLINES));

            PolicyCatalog policies = PolicyCatalog.of(List.of(), List.of());
            SlaCalculator calculator = new SlaCalculator(policies, SlaRules.DEFAULTS);
            SlaStore store = new SlaStore(pool, migrator);
            Clock clock = Clock.systemUTC();
            // each on a ticket service of its own, so no walk above has warmed its ticket cache
            report("install backfill (derive + save every ticket)", 1,
                    () -> backfill(store, new JdbcTicketService(pool, migrator, NO_EVENTS), calculator, clock));
            report("restart reconcile (nothing changed)", 1, () -> backfill(store, tickets, calculator, clock));

            SlaEngine engine = new SlaEngine(store, tickets, NO_EVENTS, calculator, clock);
            engine.awaitBackfill(Duration.ofMinutes(10));
            report("SlaService.openTickets()", repeats, () -> engine.openTickets().size());
            SlaServlet servlet = SlaServlet.create(engine, policies, store, clock, tickets);
            report("GET /api/sla/tickets, first page of 200 (servlet, subjects, JSON)", repeats,
                    () -> SlaServletCall.get(servlet, "/api/sla/tickets"));

            // two hours on, every first-reply target is breached: the ladder's busiest minute
            Clock later = Clock.offset(clock, Duration.ofHours(2));
            SlaEngine laterEngine = new SlaEngine(store, tickets, NO_EVENTS, calculator, later);
            laterEngine.awaitBackfill(Duration.ofMinutes(10));
            EscalationLadder ladder = new EscalationLadder(laterEngine, new LadderStore(pool, migrator), NO_EVENTS,
                    new int[] {50, 75, 90}, 75, later, 0);
            report("ladder pass, every step new (posts)", 1, ladder::tick);
            report("ladder pass, every step already fired", repeats, ladder::tick);
        } finally {
            pool.close();
        }
        System.exit(0); // the engines' worker threads are not daemons, and outside OSGi nothing deactivates them
    }

    /** The part of the backfill that is the host's: reading every open ticket, a page at a time. */
    private static long pageOpen(JdbcTicketService tickets) {
        long read = 0;
        TicketQuery query = TicketQuery.open().withLimit(TicketQuery.MAX_LIMIT);
        while (true) {
            TicketPage page = tickets.query(query);
            read += page.tickets().size();
            if (page.nextCursor().isEmpty()) {
                return read;
            }
            query = query.withCursor(page.nextCursor().get());
        }
    }

    private enum Read { HEADS, WHOLE, OUTLINES }

    /** What the SLA reconcile does through the host: heads by keyset, then each page's tickets read as asked. */
    private static long walkOpen(JdbcTicketService tickets, Read how) {
        Set<TicketStatus> open = Set.of(TicketStatus.NEW, TicketStatus.OPEN, TicketStatus.PENDING);
        long read = 0;
        long after = 0;
        for (List<TicketHead> heads = tickets.headsAfter(after, open, TicketService.MAX_HEADS); !heads.isEmpty();
                heads = tickets.headsAfter(after, open, TicketService.MAX_HEADS)) {
            after = heads.get(heads.size() - 1).id();
            List<Long> ids = heads.stream().map(TicketHead::id).toList();
            read += switch (how) {
                case HEADS -> ids.size();
                case WHOLE -> tickets.getAll(ids).size();
                case OUTLINES -> tickets.outlines(ids).size();
            };
        }
        return read;
    }

    /** A reused database starts as if the SLA bundle had never been installed (sla_fired: schema before v4). */
    private static void forgetSlaState(HikariDataSource pool) throws Exception {
        try (Connection c = pool.getConnection(); Statement s = c.createStatement()) {
            for (String table : new String[] {"sla_fired", "sla_ladder", "sla_pauses", "sla_tickets"}) {
                try (var tables = c.getMetaData().getTables(null, null, table.toUpperCase(java.util.Locale.ROOT), null)) {
                    if (tables.next()) { // none yet in a database made with bench.setupOnly
                        s.executeUpdate("DELETE FROM " + table);
                    }
                }
            }
            if (!c.getAutoCommit()) {
                c.commit();
            }
        }
    }

    private static long backfill(SlaStore store, JdbcTicketService tickets, SlaCalculator calculator, Clock clock) {
        try {
            new SlaEngine(store, tickets, NO_EVENTS, calculator, clock).awaitBackfill(Duration.ofMinutes(10));
            return 0;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** A mix like a social helpdesk's: public mentions, DMs, web and email; a quarter answered, some answered twice. */
    private static void createTickets(JdbcTicketService tickets, JdbcCustomerService customers, int count)
            throws Exception {
        String[] channels = {"x", "x", "messenger", "instagram", "web", "email"};
        ExecutorService writers = Executors.newFixedThreadPool(8);
        try {
            List<Future<?>> done = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                int k = i;
                done.add(writers.submit(() -> {
                    String channel = channels[k % channels.length];
                    Visibility visibility = channel.equals("x") && k % 2 == 0 ? Visibility.PUBLIC : Visibility.PRIVATE;
                    Customer who = customers.resolve(ChannelIdentity.of(channel, "user-" + k), "Customer " + k);
                    long id = tickets.create(NewTicket.of("Order " + k + " is late", channel, who.id(),
                            NewMessage.inbound(who, channel, visibility, "m-" + k, "where is my order " + k, null))).id();
                    if (k % 4 == 0) {
                        tickets.addMessage(id, NewMessage.agentReply("bench", channel, visibility, "looking into it"));
                    }
                    if (k % 8 == 0) {
                        tickets.addMessage(id, NewMessage.inbound(who, channel, visibility, "f-" + k, "any news?", null));
                    }
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
        } finally {
            writers.shutdown();
        }
    }

    private static void report(String what, int repeats, LongSupplier run) {
        long[] millis = new long[repeats];
        long result = 0;
        for (int i = 0; i < repeats; i++) {
            long start = System.nanoTime();
            result = run.getAsLong();
            millis[i] = ms(start);
        }
        Arrays.sort(millis);
        System.out.printf("%-50s median %,6d ms  min %,6d ms  max %,6d ms  (%d runs; result %,d)%n", what,
                millis[repeats / 2], millis[0], millis[repeats - 1], repeats, result);
    }

    private static long ms(long startNanos) {
        return (System.nanoTime() - startNanos) / 1_000_000;
    }

    private SlaCompute() {
    }
}
