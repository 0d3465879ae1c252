package dev.parley.sla.internal.store;

import java.util.List;

import dev.parley.helpdesk.api.store.Migration;

/** The SLA bundle's tables in the host database; portable H2/PostgreSQL SQL, times as epoch millis. */
public final class SlaSchema {

    public static final String MODULE = "dev.parley.sla";

    public static final List<Migration> MIGRATIONS = List.of(
            Migration.of(1, "SLA clocks, pauses and fired ladder steps",
                    """
                    CREATE TABLE sla_tickets (
                      ticket_id BIGINT PRIMARY KEY,
                      channel VARCHAR(100) NOT NULL,
                      visibility VARCHAR(20) NOT NULL,
                      priority VARCHAR(20) NOT NULL,
                      group_name VARCHAR(200),
                      status VARCHAR(20) NOT NULL,
                      created_at BIGINT NOT NULL,
                      first_reply_at BIGINT,
                      reply_cycle INTEGER NOT NULL,
                      cycle_started_at BIGINT,
                      cycle_stopped_at BIGINT,
                      last_customer_at BIGINT,
                      resolved_at BIGINT,
                      first_reply_elapsed_ms BIGINT,
                      first_reply_target_ms BIGINT)
                    """,
                    "CREATE INDEX sla_tickets_status ON sla_tickets (status)",
                    "CREATE INDEX sla_tickets_created ON sla_tickets (created_at)",
                    """
                    CREATE TABLE sla_pauses (
                      ticket_id BIGINT NOT NULL,
                      paused_at BIGINT NOT NULL,
                      resumed_at BIGINT,
                      PRIMARY KEY (ticket_id, paused_at))
                    """,
                    """
                    CREATE TABLE sla_fired (
                      ticket_id BIGINT NOT NULL,
                      target VARCHAR(20) NOT NULL,
                      cycle INTEGER NOT NULL,
                      step INTEGER NOT NULL,
                      fired_at BIGINT NOT NULL,
                      PRIMARY KEY (ticket_id, target, cycle, step))
                    """),
            // the queue shows subjects; keeping them here spares reading every open ticket for each GET
            Migration.of(2, "ticket subjects beside the clocks", "ALTER TABLE sla_tickets ADD COLUMN subject VARCHAR"),
            // a restart re-reads only the tickets whose version moved on, not all of them (NULL: read once more)
            Migration.of(3, "the ticket version the clocks were derived from",
                    "ALTER TABLE sla_tickets ADD COLUMN ticket_version BIGINT"),
            // steps fire in ascending order, so the highest one posted says which ones were: one row
            // per target and cycle instead of one per step (a quarter of the writes after an outage).
            // Every node of a cluster runs this version before any of them starts again.
            Migration.of(4, "the escalation ladder as the highest step posted per target and cycle",
                    """
                    CREATE TABLE sla_ladder (
                      ticket_id BIGINT NOT NULL,
                      target VARCHAR(20) NOT NULL,
                      cycle INTEGER NOT NULL,
                      step INTEGER NOT NULL,
                      fired_at BIGINT NOT NULL,
                      PRIMARY KEY (ticket_id, target, cycle))
                    """,
                    "INSERT INTO sla_ladder (ticket_id, target, cycle, step, fired_at) SELECT ticket_id, target, cycle, "
                            + "MAX(step), MAX(fired_at) FROM sla_fired GROUP BY ticket_id, target, cycle",
                    "DROP TABLE sla_fired"));

    private SlaSchema() {
    }
}
