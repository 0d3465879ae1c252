package dev.parley.helpdesk.core.internal.tickets;

import java.util.Optional;

import javax.sql.DataSource;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import dev.parley.helpdesk.api.ChannelIdentity;
import dev.parley.helpdesk.api.Customer;
import dev.parley.helpdesk.api.CustomerService;
import dev.parley.helpdesk.api.store.SchemaMigrator;
import dev.parley.helpdesk.core.internal.store.StoreException;
import dev.parley.helpdesk.api.store.JdbcTransactions;

/** Customers and their channel identities in the host database. */
@Component(service = CustomerService.class)
public final class JdbcCustomerService implements CustomerService {

    private final JdbcTransactions tx;
    private final TicketCache tickets;
    private final CustomerRows rows = new CustomerRows();

    @Activate
    public JdbcCustomerService(@Reference(target = "(parley.datasource=helpdesk)") DataSource dataSource,
            @Reference SchemaMigrator migrator, @Reference TicketCache tickets) {
        migrator.migrate(HelpdeskSchema.MODULE, HelpdeskSchema.MIGRATIONS);
        this.tx = new JdbcTransactions(dataSource, StoreException::new);
        this.tickets = tickets;
    }

    /** Without a ticket cache to keep current (tests, tools). */
    public JdbcCustomerService(DataSource dataSource, SchemaMigrator migrator) {
        this(dataSource, migrator, new TicketCache());
    }

    @Override
    public Optional<Customer> updateProfile(ChannelIdentity identity, String displayName, Optional<String> avatarUrl) {
        String name = displayName == null || displayName.isBlank() ? null : displayName.strip();
        if (name != null) {
            Validation.text("displayName", name, 500);
        }
        avatarUrl.ifPresent(url -> Validation.text("avatarUrl", url, 2000));
        record Outcome(Optional<Customer> customer, boolean changed) {
        }
        Outcome outcome = tx.inTransaction(c -> {
            Optional<Long> owner = rows.ownerOf(c, identity.channel(), identity.externalId());
            if (owner.isEmpty()) {
                return new Outcome(Optional.empty(), false);
            }
            Customer before = rows.load(c, owner.get()).orElseThrow();
            boolean changed = false;
            if (identity.handle().isPresent()) {
                rows.updateHandle(c, identity);
                changed = true;
            }
            changed |= rows.updateProfile(c, owner.get(), name == null ? before.displayName() : name, avatarUrl);
            return new Outcome(rows.load(c, owner.get()), changed);
        });
        // a cached ticket shows its requester as read: the new name must not wait for the cache to age
        outcome.customer().filter(c -> outcome.changed()).ifPresent(c -> tickets.forgetRequester(c.id()));
        return outcome.customer();
    }

    @Override
    public Customer resolve(ChannelIdentity identity, String displayName) {
        Validation.text("identity.channel", identity.channel(), 100);
        Validation.text("identity.externalId", identity.externalId(), 500);
        String name = displayName == null || displayName.isBlank()
                ? identity.handle().orElse(identity.externalId()) : displayName.strip();
        Validation.text("displayName", name, 500);
        try {
            return tx.inTransaction(c -> {
                Optional<Long> owner = rows.ownerOf(c, identity.channel(), identity.externalId());
                if (owner.isPresent()) {
                    if (identity.handle().isPresent()) {
                        rows.updateHandle(c, identity);
                    }
                    return rows.load(c, owner.get()).orElseThrow();
                }
                long id = rows.insertCustomer(c, name, System.currentTimeMillis());
                rows.insertIdentity(c, id, identity);
                return rows.load(c, id).orElseThrow();
            });
        } catch (StoreException e) {
            if (!JdbcTransactions.isUniqueViolation(e)) {
                throw e;
            }
            // the same person arrived twice at once; the first insert owns the identity
            return findByIdentity(identity.channel(), identity.externalId()).orElseThrow(() -> e);
        }
    }

    @Override
    public Optional<Customer> get(long customerId) {
        return tx.read(c -> rows.load(c, customerId));
    }

    @Override
    public Optional<Customer> findByIdentity(String channel, String externalId) {
        return tx.read(c -> {
            Optional<Long> owner = rows.ownerOf(c, channel, externalId);
            return owner.isPresent() ? rows.load(c, owner.get()) : Optional.<Customer>empty();
        });
    }

    @Override
    public Customer link(long customerId, ChannelIdentity identity) {
        return tx.inTransaction(c -> {
            if (rows.load(c, customerId).isEmpty()) {
                throw new IllegalArgumentException("customer " + customerId + " does not exist");
            }
            Optional<Long> owner = rows.ownerOf(c, identity.channel(), identity.externalId());
            if (owner.isPresent() && owner.get() != customerId) {
                throw new IllegalArgumentException(identity.channel() + " identity " + identity.externalId()
                        + " already belongs to customer " + owner.get());
            }
            if (owner.isEmpty()) {
                rows.insertIdentity(c, customerId, identity);
            }
            return rows.load(c, customerId).orElseThrow();
        });
    }
}
