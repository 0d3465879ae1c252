package dev.parley.social.connector.internal.outbound;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;

import dev.parley.helpdesk.api.AuthorKind;
import dev.parley.helpdesk.api.DeliveryState;
import dev.parley.helpdesk.api.Message;
import dev.parley.helpdesk.api.NewMessage;
import dev.parley.helpdesk.api.OutboundPolicy;
import dev.parley.helpdesk.api.PolicyViolationException;
import dev.parley.helpdesk.api.Ticket;
import dev.parley.helpdesk.api.TicketQuery;
import dev.parley.helpdesk.api.TicketService;
import dev.parley.helpdesk.api.Visibility;
import dev.parley.social.api.MediaLimit;
import dev.parley.social.api.MessageTemplate;
import dev.parley.social.api.ReplyWindow;
import dev.parley.social.api.SocialAccount;
import dev.parley.social.api.SocialPlatform;
import dev.parley.social.api.SocialProperties;
import dev.parley.social.connector.internal.account.AccountDirectory;
import dev.parley.social.connector.internal.account.ConfiguredAccount;

/**
 * The social messaging policy, checked before a reply is stored (so a refusal loses nothing and
 * sends nothing): answer on the channel the customer chose, go private only where the customer
 * can receive it and the platform's window is open, never take a private conversation public by
 * accident nor quote it there, and never spam. An accepted reply is QUEUED with the route the
 * dispatcher will use. Each refusal names its rule and what the agent can do instead. It governs
 * the channels of the platforms available right now (a platform bundle declares them), so a
 * platform added by another bundle gets the same policy with no change here.
 */
@Component(service = MessagingPolicy.class, configurationPid = OutboundConfig.PID, immediate = true)
@Designate(ocd = OutboundConfig.class)
public final class MessagingPolicy implements OutboundPolicy {

    static final Duration STANDARD_WINDOW = Duration.ofHours(24);
    static final Duration HUMAN_AGENT_WINDOW = Duration.ofDays(7);
    static final Duration COMMENT_REPLY_WINDOW = Duration.ofDays(7);
    /** Meta's messaging windows apply to these channels' DMs when the platform does not say (built before 1.6). */
    static final Set<String> WINDOWED_CHANNELS = Set.of("messenger", "instagram");
    /** Public comments on these channels are answered in private with Meta's private replies. */
    static final Set<String> COMMENT_CHANNELS = Set.of("facebook", "instagram");

    private final AccountDirectory accounts;
    private final TicketService tickets;
    private final OutboundConfig config;
    private final Clock clock;

    private ServiceRegistration<OutboundPolicy> registration;
    private Runnable listener;

    @Activate
    public MessagingPolicy(@Reference AccountDirectory accounts, @Reference TicketService tickets,
            OutboundConfig config, BundleContext context) {
        this(accounts, tickets, config, Clock.systemUTC());
        registration = context.registerService(OutboundPolicy.class, this, channelProperties());
        listener = () -> registration.setProperties(channelProperties());
        accounts.onPlatformsChanged(listener);
    }

    @Deactivate
    void unregister() {
        accounts.removePlatformListener(listener);
        registration.unregister();
    }

    private Dictionary<String, Object> channelProperties() {
        Hashtable<String, Object> properties = new Hashtable<>();
        properties.put(OutboundPolicy.CHANNEL, accounts.channels().toArray(String[]::new));
        return properties;
    }

    MessagingPolicy(AccountDirectory accounts, TicketService tickets, OutboundConfig config, Clock clock) {
        this.accounts = accounts;
        this.tickets = tickets;
        this.config = config;
        this.clock = clock;
    }

    @Override
    public NewMessage review(Ticket ticket, NewMessage message) {
        Conversation conversation = Conversation.of(ticket);
        if (!conversation.isSocial()) {
            throw new PolicyViolationException("not-a-social-conversation", "ticket " + ticket.id()
                    + " has no customer message from a social account to answer",
                    "add an internal note, or reach the customer on another channel");
        }
        String account = conversation.account();
        if (accounts.account(account).isEmpty()) {
            throw new PolicyViolationException("account-not-configured", "the social account '" + account
                    + "' that received this conversation is not configured any more",
                    "restore etc/dev.parley.social.account-" + account + ".cfg, then reply again");
        }
        if (message.author().kind() == AuthorKind.BOT && "true".equals(
                conversation.latestCustomerMessage().properties().get(SocialProperties.STANDBY))) {
            // Meta's handover protocol: the app holding the thread answers; an automated answer from us would talk over it
            throw new PolicyViolationException("thread-held-by-another-app", "another app holds this conversation "
                    + "(the customer's latest message came on standby), so Parley sends no automated reply",
                    "answer as an agent, or have the other app pass the thread to Parley");
        }
        PlatformLimits.checkText(message.channel(), message.visibility(), message.text());
        List<MediaLimit> mediaLimits = accounts.account(account).flatMap(configured -> accounts
                .platform(configured.account().platform()).map(p -> p.outgoingMedia(configured.account(),
                        message.channel()))).orElse(List.of());
        PlatformLimits.checkAttachments(message.channel(), message.visibility(), message.attachments(), mediaLimits);
        Map<String, String> route = message.visibility() == Visibility.PUBLIC ? publicRoute(conversation, message)
                : privateRoute(conversation, message);
        Map<String, String> properties = new HashMap<>(message.properties());
        properties.putAll(route);
        properties.put(SocialProperties.ACCOUNT, account);
        properties.put(SocialProperties.PLATFORM,
                conversation.latestCustomerMessage().properties().getOrDefault(SocialProperties.PLATFORM, ""));
        return message.withProperties(properties).withDelivery(DeliveryState.QUEUED);
    }

    /** The platform's text limit for this message (a template send's text is the platform's, not the agent's). */
    @Override
    public Optional<Integer> maxLength(Ticket ticket, NewMessage message) {
        if (message.properties().containsKey(NewMessage.TEMPLATE_NAME)) {
            return Optional.empty();
        }
        return Optional.of(PlatformLimits.maxLength(message.channel(), message.visibility()));
    }

    private Map<String, String> publicRoute(Conversation conversation, NewMessage message) {
        Message answered;
        Optional<String> chosen = Optional.ofNullable(message.properties().get(NewMessage.IN_REPLY_TO));
        if (chosen.isPresent()) {
            answered = conversation.customerMessages().stream()
                    .filter(m -> Long.toString(m.id()).equals(chosen.get()) && m.visibility() == Visibility.PUBLIC)
                    .findFirst().orElseThrow(() -> new PolicyViolationException("no-public-thread", "message "
                            + chosen.get() + " is not a public customer post on this ticket, so there is nothing to "
                            + "answer in public", "pick a public customer post as inReplyTo, or reply in private"));
        } else {
            if (conversation.latestCustomerMessage().visibility() == Visibility.PRIVATE) {
                boolean hasPublic = conversation.latestCustomerMessage(Visibility.PUBLIC).isPresent();
                throw new PolicyViolationException("private-stays-private", "the customer is talking to us in private "
                        + "here; a public reply would take the conversation public",
                        hasPublic ? "reply in private, or pick the customer's public post as inReplyTo if you really "
                                + "mean to answer in the public thread" : "reply in private");
            }
            answered = conversation.latestCustomerMessage();
        }
        String text = Quotes.normalize(message.text());
        for (String said : conversation.privateTexts()) {
            if (Quotes.quotes(text, Quotes.normalize(said))) {
                throw new PolicyViolationException("dm-quoted-in-public", "the public reply repeats words from the "
                        + "private conversation", "leave out what was said in private, or send it as a DM");
            }
        }
        Map<String, String> route = new HashMap<>();
        route.put(SocialProperties.IN_REPLY_TO, answered.externalId().orElseThrow());
        route.put(SocialProperties.CONVERSATION, answered.properties().getOrDefault(SocialProperties.CONVERSATION, ""));
        route.put(SocialProperties.RECIPIENT, answered.properties().getOrDefault(SocialProperties.AUTHOR_ID, ""));
        return route;
    }

    private Map<String, String> privateRoute(Conversation conversation, NewMessage message) {
        Optional<Message> privateThread = conversation.latestCustomerMessage(Visibility.PRIVATE);
        Map<String, String> route = new HashMap<>();
        route.put(SocialProperties.RECIPIENT, conversation.customerPlatformId());
        Optional<ConfiguredAccount> configured = accounts.account(conversation.account());
        Optional<SocialPlatform> platform = configured.flatMap(c -> accounts.platform(c.account().platform()));
        boolean template = message.properties().containsKey(NewMessage.TEMPLATE_NAME);
        if (template) {
            checkTemplate(message, configured.map(ConfiguredAccount::account), platform);
        }
        if (privateThread.isPresent()) {
            Message last = privateThread.get();
            if ("true".equals(last.properties().get(SocialProperties.BLOCKED))) {
                throw new PolicyViolationException("recipient-blocked", "the customer blocked this "
                        + message.channel() + " account"
                        + Optional.ofNullable(last.properties().get(SocialProperties.BLOCKED_AT))
                                .map(at -> " at " + at).orElse("") + ", so the platform delivers nothing to them",
                        "wait until they allow the account again and write to us, or reach them on another channel");
            }
            route.put(SocialProperties.CONVERSATION, last.properties().getOrDefault(SocialProperties.CONVERSATION, ""));
            route.put(SocialProperties.RECIPIENT, last.properties().getOrDefault(SocialProperties.AUTHOR_ID, ""));
            quoted(conversation, message).ifPresent(id -> route.put(SocialProperties.IN_REPLY_TO, id));
            Optional<ReplyWindow> window = platform.flatMap(p -> p.replyWindow(configured.get().account(),
                    message.channel())).or(() -> legacyWindow(message.channel()));
            if (window.isPresent() && !template) {
                messagingWindow(last, message, window.get(), configured.map(ConfiguredAccount::account), platform)
                        .ifPresent(tag -> route.put(SocialProperties.MESSAGE_TAG, tag));
            }
            return route;
        }
        if (template) {
            throw new PolicyViolationException("no-private-conversation", "the customer has never written to us in "
                    + "private here, so there is no number to send the template to", "answer where they wrote");
        }
        // the customer has only written in public: a DM now is unsolicited
        Message post = conversation.latestCustomerMessage(Visibility.PUBLIC).orElseThrow();
        if (!COMMENT_CHANNELS.contains(message.channel())) {
            if (!conversation.customerAcceptsDms().or(() -> askPlatform(conversation)).orElse(false)) {
                throw new PolicyViolationException("dm-not-allowed", "@" + post.properties().getOrDefault(
                        SocialProperties.AUTHOR_HANDLE, conversation.customerPlatformId()) + " has not opened their DMs to us "
                        + "and has never written to us in private",
                        "answer in public and invite them to send us a DM");
            }
        } else {
            if (post.createdAt().isBefore(clock.instant().minus(COMMENT_REPLY_WINDOW))) {
                throw new PolicyViolationException("messaging-window-closed", "a private reply to a comment must be "
                        + "sent within 7 days of the comment", "answer in public under the comment");
            }
            route.put(SocialProperties.COMMENT_REPLY, "true");
            route.put(SocialProperties.IN_REPLY_TO, post.externalId().orElseThrow());
        }
        if (conversation.unansweredInvitations() > 0) {
            throw new PolicyViolationException("dm-invitation-limit", "we already sent this customer a DM on this "
                    + "conversation and they have not answered it", "wait for their answer, or continue in public");
        }
        long recent = proactiveDmsSince(conversation.ticket().requester().id(), clock.instant().minus(STANDARD_WINDOW));
        if (recent >= config.maxProactiveDmsPerDay()) {
            throw new PolicyViolationException("proactive-dm-cap", "this customer already received " + recent
                    + " DMs they did not ask for in the last 24 hours (the limit is " + config.maxProactiveDmsPerDay()
                    + ")", "answer in public, or wait until the customer writes to us in private");
        }
        route.put(SocialProperties.UNSOLICITED, "true");
        route.put(SocialProperties.CONVERSATION, "dm:" + conversation.customerPlatformId());
        return route;
    }

    /** Whether the platform says the customer accepts our DMs, when no received event told us. */
    private Optional<Boolean> askPlatform(Conversation conversation) {
        return accounts.account(conversation.account()).flatMap(configured -> accounts
                .platform(configured.account().platform())
                .flatMap(p -> p.acceptsDirectMessages(configured.account(), conversation.customerPlatformId())));
    }

    /** The windows of a platform bundle built before social-api 1.6, which cannot tell them: Meta's. */
    private static Optional<ReplyWindow> legacyWindow(String channel) {
        return WINDOWED_CHANNELS.contains(channel) ? Optional.of(new ReplyWindow(STANDARD_WINDOW,
                Optional.of(HUMAN_AGENT_WINDOW), Optional.of("HUMAN_AGENT"))) : Optional.empty();
    }

    /**
     * The platform's windows (from its {@link SocialPlatform#replyWindow}): free replies within the
     * standard one; after it a person's reply with the human-agent tag where the platform has one
     * (Meta's 7 days), else only the account's templates (WhatsApp).
     */
    private Optional<String> messagingWindow(Message lastPrivate, NewMessage message, ReplyWindow window,
            Optional<SocialAccount> account, Optional<SocialPlatform> platform) {
        Instant now = clock.instant();
        if (!lastPrivate.createdAt().isBefore(now.minus(window.standard()))) {
            return Optional.empty();
        }
        Duration since = Duration.between(lastPrivate.createdAt(), now);
        if (window.humanAgent().isEmpty()) {
            List<MessageTemplate> templates = account.flatMap(a -> platform.map(p -> p.templates(a))).orElse(List.of())
                    .stream().filter(MessageTemplate::usable).toList();
            throw new PolicyViolationException("messaging-window-closed", "the customer last wrote " + hours(since)
                    + " ago; " + message.channel() + " allows free-form replies for " + hours(window.standard())
                    + " after the customer's last message, and only an approved template after that",
                    templates.isEmpty() ? "account '" + account.map(SocialAccount::name).orElse("?") + "' has no approved "
                            + "templates: add them to its file (templates=name:language:parameters, or businessAccountId "
                            + "to fetch them from the platform), or wait until the customer writes again"
                            : "send one of the account's templates instead: " + templates.stream()
                                    .map(MessageTemplate::describe).collect(Collectors.joining(", "))
                                    + ", as {\"template\":{\"name\":…,\"language\":…,\"parameters\":[…]}}");
        }
        if (lastPrivate.createdAt().isBefore(now.minus(window.humanAgent().get()))) {
            throw new PolicyViolationException("messaging-window-closed", "the customer last wrote "
                    + since.toDays() + " days ago; " + message.channel()
                    + " allows replies for " + window.humanAgent().get().toDays() + " days at most",
                    "wait until the customer writes again");
        }
        if (message.author().kind() != AuthorKind.AGENT) {
            throw new PolicyViolationException("messaging-window-closed", "the " + hours(window.standard())
                    + " window is closed and only a person may answer after it (the platform's "
                    + window.humanAgentTag().get() + " tag), not an automated "
                    + message.author().kind().name().toLowerCase(Locale.ROOT) + " message",
                    "leave the reply to an agent");
        }
        return window.humanAgentTag();
    }

    private static String hours(Duration d) {
        return d.toHours() + (d.toHours() == 1 ? " hour" : " hours");
    }

    /** A template send names one of the account's templates, in its language, with all its parameters. */
    private static void checkTemplate(NewMessage message, Optional<SocialAccount> account,
            Optional<SocialPlatform> platform) {
        List<MessageTemplate> templates = account.flatMap(a -> platform.map(p -> p.templates(a))).orElse(List.of());
        String name = message.properties().get(NewMessage.TEMPLATE_NAME);
        String language = message.properties().getOrDefault(NewMessage.TEMPLATE_LANGUAGE, "");
        if (templates.isEmpty()) {
            throw new PolicyViolationException("templates-not-supported", message.channel() + " account '"
                    + account.map(SocialAccount::name).orElse("?") + "' has no message templates",
                    "send a free-form reply, or configure the account's approved templates (templates=…)");
        }
        String available = templates.stream().filter(MessageTemplate::usable).map(MessageTemplate::describe)
                .collect(Collectors.joining(", "));
        MessageTemplate chosen = templates.stream().filter(t -> t.name().equals(name) && t.language().equals(language))
                .findFirst().orElseThrow(() -> new PolicyViolationException("template-not-configured", "template "
                        + name + " (" + language + ") is not one of account '" + account.get().name()
                        + "''s templates", available.isEmpty() ? "none of the account's templates is approved yet"
                                : "use one of " + available));
        if (!chosen.usable()) {
            throw new PolicyViolationException("template-not-approved", "template " + name + " (" + language
                    + ") is " + chosen.status() + " on " + message.channel() + "; only " + MessageTemplate.APPROVED
                    + " templates can be sent", available.isEmpty() ? "wait until the platform approves a template"
                            : "use one of " + available);
        }
        int given = templateParameters(message).size();
        if (given != chosen.parameters()) {
            throw new PolicyViolationException("template-parameters", "template " + chosen.describe() + " takes "
                    + chosen.parameters() + " parameter(s), not " + given, "send exactly " + chosen.parameters()
                    + " parameter value(s), in order");
        }
    }

    /** A template send's parameters, in order. */
    static List<String> templateParameters(NewMessage message) {
        return templateParameters(message.properties());
    }

    static List<String> templateParameters(Map<String, String> properties) {
        List<String> values = new java.util.ArrayList<>();
        for (int i = 1; properties.containsKey(NewMessage.TEMPLATE_PARAMETER + i); i++) {
            values.add(properties.get(NewMessage.TEMPLATE_PARAMETER + i));
        }
        return values;
    }

    /** The platform id of the private customer message the agent chose to answer (quoted where the platform can). */
    private static Optional<String> quoted(Conversation conversation, NewMessage message) {
        return Optional.ofNullable(message.properties().get(NewMessage.IN_REPLY_TO))
                .flatMap(chosen -> conversation.customerMessages().stream()
                        .filter(m -> Long.toString(m.id()).equals(chosen) && m.visibility() == Visibility.PRIVATE)
                        .findFirst())
                .flatMap(Message::externalId);
    }

    private long proactiveDmsSince(long requesterId, Instant since) {
        TicketQuery query = TicketQuery.all().withRequester(requesterId).withUpdatedSince(since)
                .withLimit(TicketQuery.MAX_LIMIT);
        return tickets.query(query).tickets().stream().flatMap(t -> t.messages().stream())
                .filter(m -> m.visibility() == Visibility.PRIVATE && m.createdAt().isAfter(since))
                .filter(m -> "true".equals(m.properties().get(SocialProperties.UNSOLICITED)))
                .filter(m -> m.delivery() != DeliveryState.FAILED)
                .count();
    }
}
