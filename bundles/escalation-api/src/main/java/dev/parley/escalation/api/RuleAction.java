package dev.parley.escalation.api;

import java.net.URI;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

import org.osgi.annotation.versioning.ProviderType;

import dev.parley.helpdesk.api.Priority;

/**
 * What a rule asks the engine to do: immutable data, applied by the engine through the ticket
 * service after every rule ran, once per triggering event, and recorded in the ticket's audit.
 * Templates may use {@code {customer}} (the customer's display name), {@code {ticket}} (the ticket
 * id) and {@code {answer}} (the configured answer of a matched common question).
 * <p>
 * Guardrails the engine enforces whatever a rule asks: priority only ever goes up; only {@link
 * SendPublicReply} writes to a public thread (an {@link AutoReply} to a public message is skipped);
 * automated messages carry the configured bot disclosure; auto-replies are rate-limited per
 * customer; a conversation gets at most one DM invitation.
 */
@ProviderType
public sealed interface RuleAction {

    /** Raises the ticket's priority to {@code priority} (never lowers it). */
    record SetPriority(Priority priority) implements RuleAction {
        public SetPriority {
            Objects.requireNonNull(priority, "priority");
        }
    }

    record AddTags(Set<String> tags) implements RuleAction {
        public AddTags {
            tags = Set.copyOf(tags);
        }
    }

    record RemoveTags(Set<String> tags) implements RuleAction {
        public RemoveTags {
            tags = Set.copyOf(tags);
        }
    }

    record AssignGroup(String group) implements RuleAction {
        public AssignGroup {
            Objects.requireNonNull(group, "group");
        }
    }

    record AssignAgent(String agent) implements RuleAction {
        public AssignAgent {
            Objects.requireNonNull(agent, "agent");
        }
    }

    /** Proposes a public reply to the agent (an internal note); nothing is sent. */
    record SuggestPublicReply(String template) implements RuleAction {
        public SuggestPublicReply {
            Objects.requireNonNull(template, "template");
        }
    }

    /** Sends a public reply under the customer's post: the one explicit way to automate a public message. */
    record SendPublicReply(String template) implements RuleAction {
        public SendPublicReply {
            Objects.requireNonNull(template, "template");
        }
    }

    /** Moves a public conversation to DM through the social connector's hand-off; texts default to the account's. */
    record HandOffToDm(Optional<String> publicText, Optional<String> privateText) implements RuleAction {
        public HandOffToDm {
            publicText = publicText == null ? Optional.empty() : publicText;
            privateText = privateText == null ? Optional.empty() : privateText;
        }
    }

    /** Answers instantly in the customer's private conversation; the ticket stays open for a human. */
    record AutoReply(String template) implements RuleAction {
        public AutoReply {
            Objects.requireNonNull(template, "template");
        }
    }

    /**
     * Tells people outside the ticket: an EventAdmin event on {@code topic} (default {@link
     * #DEFAULT_TOPIC}) with the ticket id, rule, group and message, and/or a JSON POST to {@code webhook}.
     */
    record Notify(Optional<String> topic, Optional<URI> webhook, Optional<String> group, String message)
            implements RuleAction {
        public static final String DEFAULT_TOPIC = "parley/escalation/NOTIFY";

        public Notify {
            topic = topic == null ? Optional.empty() : topic;
            webhook = webhook == null ? Optional.empty() : webhook;
            group = group == null ? Optional.empty() : group;
            Objects.requireNonNull(message, "message");
        }
    }

    /** Evaluates no further rules for this event (the actions of rules that already fired still apply). */
    record Stop() implements RuleAction {
    }
}
