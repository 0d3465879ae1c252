package dev.parley.escalation.internal.engine;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

import dev.parley.escalation.api.RuleAction;
import dev.parley.escalation.api.RuleContext;
import dev.parley.escalation.internal.rules.Facts;
import dev.parley.escalation.internal.rules.QuestionList;
import dev.parley.escalation.internal.store.AuditEntry.ActionRecord;
import dev.parley.escalation.internal.store.EscalationStore;
import dev.parley.helpdesk.api.Author;
import dev.parley.helpdesk.api.DeliveryState;
import dev.parley.helpdesk.api.Direction;
import dev.parley.helpdesk.api.Message;
import dev.parley.helpdesk.api.NewMessage;
import dev.parley.helpdesk.api.PolicyViolationException;
import dev.parley.helpdesk.api.Ticket;
import dev.parley.helpdesk.api.TicketService;
import dev.parley.helpdesk.api.TicketUpdate;
import dev.parley.helpdesk.api.Visibility;

/**
 * Applies one decision's actions through the ticket service, enforcing the guardrails whatever the
 * rule asked: priority only goes up, automated messages never land in a public thread unless the
 * action is an explicit public reply, they carry the bot disclosure, auto-replies are rate-limited
 * per customer, and a conversation gets one DM invitation. With {@code dryRun} nothing is changed
 * and each action is reported as it would go.
 */
public final class ActionApplier {

    static final String AUTO_REPLY = "AUTO_REPLY";
    static final String PUBLIC_REPLY = "PUBLIC_REPLY";
    static final String HAND_OFF = "HAND_OFF";

    /** The guardrail settings. */
    public record Guardrails(String botName, String disclosure, int autoReplyLimit, Duration autoReplyWindow) {
    }

    /** Sends a notify action; returns where it went. */
    @FunctionalInterface
    public interface NotifySender {
        String send(RuleAction.Notify notify, long ticketId, String rule, String text);
    }

    private final TicketService tickets;
    private final EscalationStore store;
    private final NotifySender notifier;
    private final Supplier<Optional<DmHandoff>> handoff;
    private final Guardrails guardrails;
    private final Clock clock;

    public ActionApplier(TicketService tickets, EscalationStore store, NotifySender notifier,
            Supplier<Optional<DmHandoff>> handoff, Guardrails guardrails, Clock clock) {
        this.tickets = tickets;
        this.store = store;
        this.notifier = notifier;
        this.handoff = handoff;
        this.guardrails = guardrails;
        this.clock = clock;
    }

    public List<ActionRecord> apply(RuleContext context, QuestionList questions, Decision decision, boolean dryRun) {
        List<ActionRecord> records = new ArrayList<>();
        Ticket ticket = context.ticket();
        TicketUpdate update = TicketUpdate.none();
        Set<String> add = new HashSet<>();
        Set<String> remove = new HashSet<>();
        for (RuleAction action : decision.actions()) {
            String status = dryRun ? "WOULD_APPLY" : "APPLIED";
            if (action instanceof RuleAction.SetPriority p) {
                if (p.priority().compareTo(ticket.priority()) > 0) {
                    update = update.withPriority(p.priority());
                    records.add(record("setPriority", p.priority().name(), status, ""));
                } else {
                    records.add(record("setPriority", p.priority().name(), "SKIPPED",
                            "already " + ticket.priority() + "; rules only raise priority"));
                }
            } else if (action instanceof RuleAction.AddTags t) {
                add.addAll(t.tags());
                records.add(record("addTags", String.join(",", new java.util.TreeSet<>(t.tags())), status, ""));
            } else if (action instanceof RuleAction.RemoveTags t) {
                remove.addAll(t.tags());
                records.add(record("removeTags", String.join(",", new java.util.TreeSet<>(t.tags())), status, ""));
            } else if (action instanceof RuleAction.AssignGroup g) {
                update = update.withGroup(g.group());
                records.add(record("assignGroup", g.group(), status, ""));
            } else if (action instanceof RuleAction.AssignAgent a) {
                update = update.withAssignee(a.agent());
                records.add(record("assignAgent", a.agent(), status, ""));
            } else if (action instanceof RuleAction.SuggestPublicReply s) {
                records.add(note(context, questions, decision, s, dryRun));
            } else if (action instanceof RuleAction.SendPublicReply s) {
                records.add(publicReply(context, questions, decision, s, dryRun));
            } else if (action instanceof RuleAction.AutoReply a) {
                records.add(autoReply(context, questions, decision, a, dryRun));
            } else if (action instanceof RuleAction.HandOffToDm h) {
                records.add(handOff(context, decision, h, dryRun));
            } else if (action instanceof RuleAction.Notify n) {
                String text = render(n.message(), context, questions);
                records.add(record("notify", text, status, dryRun ? "" : notifier.send(n, ticket.id(), decision.rule(), text)));
            } else if (action instanceof RuleAction.Stop) {
                records.add(record("stop", "", "APPLIED", "no further rules for this event"));
            }
        }
        update = update.withTagsAdded(add).withTagsRemoved(remove);
        if (!dryRun && !update.isEmpty()) {
            tickets.update(ticket.id(), update);
        }
        return records;
    }

    private ActionRecord note(RuleContext context, QuestionList questions, Decision decision,
            RuleAction.SuggestPublicReply suggestion, boolean dryRun) {
        String text = render(suggestion.template(), context, questions);
        if (!dryRun) {
            tickets.addMessage(context.ticket().id(), new NewMessage(Direction.OUTBOUND, Visibility.INTERNAL_NOTE,
                    context.ticket().channel(), Optional.empty(), Author.bot(guardrails.botName()),
                    "Suggested public reply (rule " + decision.rule() + "): " + text, List.of(), Optional.empty(),
                    DeliveryState.NONE, Map.of()));
        }
        return record("suggestReply", text, dryRun ? "WOULD_APPLY" : "APPLIED", "internal note for the agent");
    }

    private ActionRecord publicReply(RuleContext context, QuestionList questions, Decision decision,
            RuleAction.SendPublicReply reply, boolean dryRun) {
        String text = render(reply.template(), context, questions);
        Optional<Message> publicMessage = context.message().filter(m -> m.visibility() == Visibility.PUBLIC);
        if (publicMessage.isEmpty()) {
            return record("publicReply", text, "SKIPPED", "the triggering message is not public");
        }
        return send(context, decision, publicMessage.get(), Visibility.PUBLIC, text, PUBLIC_REPLY, "publicReply", dryRun);
    }

    private ActionRecord autoReply(RuleContext context, QuestionList questions, Decision decision,
            RuleAction.AutoReply reply, boolean dryRun) {
        String text = render(reply.template(), context, questions);
        Optional<Message> message = context.message();
        if (message.isEmpty()) {
            return record("autoReply", text, "SKIPPED", "no customer message to answer");
        }
        if (message.get().visibility() != Visibility.PRIVATE) {
            return record("autoReply", text, "SKIPPED",
                    "guardrail: auto-replies never go to a public thread; a rule must use publicReply explicitly");
        }
        return send(context, decision, message.get(), Visibility.PRIVATE, text, AUTO_REPLY, "autoReply", dryRun);
    }

    private ActionRecord send(RuleContext context, Decision decision, Message answered, Visibility visibility,
            String text, String kind, String action, boolean dryRun) {
        Optional<Long> customer = context.ticket().requester() == null ? Optional.empty()
                : Optional.of(context.ticket().requester().id());
        Instant now = clock.instant();
        if (customer.isPresent() && sentRecently(customer.get(), now) >= guardrails.autoReplyLimit()) {
            return record(action, text, "SKIPPED", "guardrail: customer already got " + guardrails.autoReplyLimit()
                    + " automated replies within " + guardrails.autoReplyWindow().toMinutes() + " min");
        }
        if (dryRun) {
            return record(action, text, "WOULD_APPLY", "");
        }
        String disclosed = guardrails.disclosure().isBlank() ? text : text + "\n\n" + guardrails.disclosure();
        try {
            Message sent = tickets.addMessage(context.ticket().id(), new NewMessage(Direction.OUTBOUND, visibility,
                    answered.channel(), Optional.empty(), Author.bot(guardrails.botName()), disclosed, List.of(),
                    Optional.empty(), DeliveryState.NONE,
                    Map.of(NewMessage.IN_REPLY_TO, Long.toString(answered.id()), "parley.rule", decision.rule())));
            store.recordSent(context.ticket().id(), customer, kind, now);
            return record(action, text, "APPLIED", "message " + sent.id() + " (" + sent.delivery() + ")");
        } catch (PolicyViolationException e) {
            return record(action, text, "REFUSED", e.rule() + ": " + e.getMessage());
        } catch (RuntimeException e) {
            return record(action, text, "FAILED", e.getClass().getSimpleName() + ": " + e.getMessage());
        }
    }

    private int sentRecently(long customerId, Instant now) {
        Instant since = now.minus(guardrails.autoReplyWindow());
        return store.sentToCustomerSince(customerId, AUTO_REPLY, since)
                + store.sentToCustomerSince(customerId, PUBLIC_REPLY, since);
    }

    private ActionRecord handOff(RuleContext context, Decision decision, RuleAction.HandOffToDm h, boolean dryRun) {
        long ticketId = context.ticket().id();
        if (store.sentOnTicket(ticketId, HAND_OFF) > 0) {
            return record("handOffToDm", "", "SKIPPED", "guardrail: this conversation already got a DM invitation");
        }
        Optional<DmHandoff> connector = handoff.get();
        if (connector.isEmpty()) {
            return record("handOffToDm", "", "SKIPPED", "no social connector is installed to hand off to DM");
        }
        if (dryRun) {
            return record("handOffToDm", "", "WOULD_APPLY", "");
        }
        try {
            String queued = connector.get().handOff(ticketId, decision.rule(), h.publicText(), h.privateText());
            store.recordSent(ticketId, Optional.of(context.ticket().requester().id()), HAND_OFF, clock.instant());
            return record("handOffToDm", "", "APPLIED", queued);
        } catch (PolicyViolationException e) {
            return record("handOffToDm", "", "REFUSED", e.rule() + ": " + e.getMessage());
        } catch (RuntimeException e) {
            return record("handOffToDm", "", "FAILED", e.getClass().getSimpleName() + ": " + e.getMessage());
        }
    }

    /** Fills {customer}, {ticket} and {answer} (the matched common question's answer). */
    static String render(String template, RuleContext context, QuestionList questions) {
        String answer = template.contains("{answer}") ? new Facts(context, questions).answer().orElse("") : "";
        return template.replace("{customer}", context.ticket().requester().displayName())
                .replace("{ticket}", Long.toString(context.ticket().id())).replace("{answer}", answer);
    }

    private static ActionRecord record(String action, String detail, String status, String note) {
        return new ActionRecord(action, detail, status, note);
    }
}
