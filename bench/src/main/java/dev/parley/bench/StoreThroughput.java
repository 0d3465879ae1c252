package dev.parley.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.h2.jdbcx.JdbcDataSource;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventAdmin;

import dev.parley.helpdesk.api.ChannelIdentity;
import dev.parley.helpdesk.api.Customer;
import dev.parley.helpdesk.api.NewMessage;
import dev.parley.helpdesk.api.NewTicket;
import dev.parley.helpdesk.api.Visibility;
import com.zaxxer.hikari.HikariDataSource;
import dev.parley.helpdesk.core.internal.store.StoreDataSource;
import dev.parley.helpdesk.core.internal.store.JdbcSchemaMigrator;
import dev.parley.helpdesk.core.internal.tickets.JdbcCustomerService;
import dev.parley.helpdesk.core.internal.tickets.JdbcTicketService;

/**
 * How many inbound messages per second the host's ticket store commits on the embedded H2 file
 * database, each commit written to the file before it returns (WRITE_DELAY=0, as durable as the
 * runtime's ordinary commits), spread over 500 conversations, for several writer thread counts:
 * one transaction per message, the cost a unit of work saves.
 * Usage: StoreThroughput [messages=20000] [threads=1,4,8,16]
 */
public final class StoreThroughput {

    public static void main(String[] args) throws Exception {
        int messages = args.length > 0 ? Integer.parseInt(args[0]) : 20_000;
        String[] threadCounts = (args.length > 1 ? args[1] : "1,4,8,16").split(",");
        for (String threads : threadCounts) {
            System.out.printf("threads %2s: %,.0f messages/s%n", threads, run(messages, Integer.parseInt(threads)));
        }
    }

    private static double run(int messages, int threads) throws Exception {
        Path dir = Files.createTempDirectory("parley-store-bench");
        JdbcDataSource h2 = new JdbcDataSource();
        h2.setURL("jdbc:h2:file:" + dir.resolve("parley") + ";DB_CLOSE_ON_EXIT=FALSE;WRITE_DELAY=0");
        HikariDataSource pool = StoreDataSource.pooled(h2, 16, 10_000);
        EventAdmin noEvents = new EventAdmin() {
            @Override
            public void postEvent(Event event) {
            }

            @Override
            public void sendEvent(Event event) {
            }
        };
        JdbcSchemaMigrator migrator = new JdbcSchemaMigrator(pool);
        JdbcTicketService tickets = new JdbcTicketService(pool, migrator, noEvents);
        JdbcCustomerService customers = new JdbcCustomerService(pool, migrator);
        int conversations = 500;
        Customer[] who = new Customer[conversations];
        long[] ticketIds = new long[conversations];
        for (int i = 0; i < conversations; i++) {
            who[i] = customers.resolve(ChannelIdentity.of("x", "user-" + i), "Customer " + i);
            ticketIds[i] = tickets.create(NewTicket.of("Order", "x", who[i].id(),
                    NewMessage.inbound(who[i], "x", Visibility.PRIVATE, "first-" + i, "hello", null))).id();
        }
        ExecutorService writers = Executors.newFixedThreadPool(threads);
        try {
            long start = System.nanoTime();
            List<Future<?>> done = new ArrayList<>(messages);
            for (int i = 0; i < messages; i++) {
                int k = i;
                done.add(writers.submit(() -> tickets.addMessage(ticketIds[k % conversations], NewMessage.inbound(
                        who[k % conversations], "x", Visibility.PRIVATE, "m-" + k, "where is my order " + k, null))));
            }
            for (Future<?> f : done) {
                f.get();
            }
            return messages / ((System.nanoTime() - start) / 1e9);
        } finally {
            writers.shutdown();
            pool.close();
        }
    }

    private StoreThroughput() {
    }
}
