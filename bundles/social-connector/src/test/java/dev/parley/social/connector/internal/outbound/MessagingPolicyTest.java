package dev.parley.social.connector.internal.outbound;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.parley.helpdesk.api.Author;
import dev.parley.helpdesk.api.DeliveryState;
import dev.parley.helpdesk.api.Message;
import dev.parley.helpdesk.api.NewMessage;
import dev.parley.helpdesk.api.PolicyViolationException;
import dev.parley.helpdesk.api.Ticket;
import dev.parley.helpdesk.api.Visibility;
import dev.parley.social.api.SocialProperties;

class MessagingPolicyTest {

    private final OutboundFixture f = new OutboundFixture();

    @AfterEach
    void tearDown() {
        f.close();
    }

    private Message reply(Ticket ticket, Visibility visibility, String text) {
        return f.tickets.addMessage(ticket.id(), NewMessage.agentReply("bob", ticket.channel(), visibility, text));
    }

    private static void refused(Runnable send, String rule) {
        assertThatThrownBy(send::run).isInstanceOfSatisfying(PolicyViolationException.class,
                e -> assertThat(e.rule()).isEqualTo(rule));
    }

    @Test
    void messengerRepliesUseTheStandardWindowThenTheHumanAgentTagThenAreRefused() {
        f.policy(Map.of());
        Ticket recent = f.ticket("messenger", "p1", Visibility.PRIVATE, "mid.1", "hi", OutboundFixture.NOW.minus(Duration.ofHours(2)), Map.of());
        Message inWindow = reply(recent, Visibility.PRIVATE, "Hello!");
        assertThat(inWindow.delivery()).isEqualTo(DeliveryState.QUEUED);
        assertThat(inWindow.properties()).containsEntry(SocialProperties.RECIPIENT, "p1")
                .doesNotContainKey(SocialProperties.MESSAGE_TAG);

        Ticket older = f.ticket("messenger", "p2", Visibility.PRIVATE, "mid.2", "hi", OutboundFixture.NOW.minus(Duration.ofDays(3)), Map.of());
        assertThat(reply(older, Visibility.PRIVATE, "Sorry for the wait").properties())
                .containsEntry(SocialProperties.MESSAGE_TAG, "HUMAN_AGENT");
        NewMessage automated = new NewMessage(dev.parley.helpdesk.api.Direction.OUTBOUND, Visibility.PRIVATE, "messenger",
                null, Author.bot("auto-reply"), "We are closed", null, null, DeliveryState.NONE, null);
        refused(() -> f.tickets.addMessage(older.id(), automated), "messaging-window-closed");

        Ticket stale = f.ticket("messenger", "p3", Visibility.PRIVATE, "mid.3", "hi", OutboundFixture.NOW.minus(Duration.ofDays(8)), Map.of());
        refused(() -> reply(stale, Visibility.PRIVATE, "Still there?"), "messaging-window-closed");
        refused(() -> reply(recent, Visibility.PRIVATE, "x".repeat(2001)), "too-long");
    }

    @Test
    void noAutomatedReplyWhileAnotherAppHoldsTheThreadButAgentsMayAnswer() {
        f.policy(Map.of());
        Ticket standby = f.ticket("messenger", "p9", Visibility.PRIVATE, "mid.9", "hi", OutboundFixture.NOW.minus(Duration.ofHours(1)),
                Map.of(SocialProperties.STANDBY, "true"));
        NewMessage automated = new NewMessage(dev.parley.helpdesk.api.Direction.OUTBOUND, Visibility.PRIVATE, "messenger",
                null, Author.bot("auto-reply"), "Thanks, we got it", null, null, DeliveryState.NONE, null);
        refused(() -> f.tickets.addMessage(standby.id(), automated), "thread-held-by-another-app");
        assertThat(reply(standby, Visibility.PRIVATE, "Hi, Bob here").delivery()).isEqualTo(DeliveryState.QUEUED);
    }

    @Test
    void aPrivateConversationGoesPublicOnlyOnTheAgentsExplicitChoiceAndNeverQuotesTheDm() {
        f.policy(Map.of());
        Ticket ticket = f.ticket("x", "42", Visibility.PUBLIC, "t1", "@acme my bag is lost", OutboundFixture.NOW.minusSeconds(600),
                Map.of(SocialProperties.CAN_RECEIVE_DM, "true"));
        f.customerWrites(ticket.id(), "x", "42", Visibility.PRIVATE, "dm1", "My booking is ZX-99812 from Lisbon",
                OutboundFixture.NOW.minusSeconds(60));
        refused(() -> reply(ticket, Visibility.PUBLIC, "We found it"), "private-stays-private");
        long post = f.tickets.findMessage("x", "t1").orElseThrow().id();
        NewMessage explicit = NewMessage.agentReply("bob", "x", Visibility.PUBLIC, "We found your bag!")
                .withProperties(Map.of(NewMessage.IN_REPLY_TO, Long.toString(post)));
        assertThat(f.tickets.addMessage(ticket.id(), explicit).properties()).containsEntry(SocialProperties.IN_REPLY_TO, "t1");
        NewMessage quoting = NewMessage.agentReply("bob", "x", Visibility.PUBLIC, "Booking zx 99812 from LISBON is fine")
                .withProperties(Map.of(NewMessage.IN_REPLY_TO, Long.toString(post)));
        refused(() -> f.tickets.addMessage(ticket.id(), quoting), "dm-quoted-in-public");
    }

    @Test
    void unsolicitedDmsNeedAnOpenInboxAndAreCappedPerConversationAndPerCustomer() {
        f.policy(Map.of("maxProactiveDmsPerDay", 1));
        Ticket closed = f.ticket("x", "7", Visibility.PUBLIC, "t7", "@acme meh", OutboundFixture.NOW, Map.of());
        refused(() -> reply(closed, Visibility.PRIVATE, "Can we talk in DM?"), "dm-not-allowed");

        Ticket open = f.ticket("x", "8", Visibility.PUBLIC, "t8", "@acme help", OutboundFixture.NOW,
                Map.of(SocialProperties.CAN_RECEIVE_DM, "true"));
        assertThat(reply(open, Visibility.PRIVATE, "Could you DM us?").properties())
                .containsEntry(SocialProperties.UNSOLICITED, "true").containsEntry(SocialProperties.RECIPIENT, "8");
        refused(() -> reply(open, Visibility.PRIVATE, "Hello?"), "dm-invitation-limit");

        Ticket another = f.ticket("x", "8", Visibility.PUBLIC, "t9", "@acme still waiting", OutboundFixture.NOW,
                Map.of(SocialProperties.CAN_RECEIVE_DM, "true"));
        refused(() -> reply(another, Visibility.PRIVATE, "Could you DM us?"), "proactive-dm-cap");
    }

    @Test
    void aPageCommentGetsOnePrivateReplyWithinSevenDays() {
        f.policy(Map.of());
        Ticket comment = f.ticket("facebook", "p9", Visibility.PUBLIC, "c1", "Late again", OutboundFixture.NOW.minus(Duration.ofDays(1)), Map.of());
        Message privateReply = reply(comment, Visibility.PRIVATE, "Sorry, we sent you details");
        assertThat(privateReply.properties()).containsEntry(SocialProperties.COMMENT_REPLY, "true")
                .containsEntry(SocialProperties.IN_REPLY_TO, "c1");
        refused(() -> reply(comment, Visibility.PRIVATE, "And again"), "dm-invitation-limit");

        Ticket old = f.ticket("facebook", "p10", Visibility.PUBLIC, "c2", "Late", OutboundFixture.NOW.minus(Duration.ofDays(8)), Map.of());
        refused(() -> reply(old, Visibility.PRIVATE, "Sorry"), "messaging-window-closed");
        assertThat(reply(old, Visibility.PUBLIC, "Sorry about that").properties()).containsEntry(SocialProperties.IN_REPLY_TO, "c2");
    }

    @Test
    void quotesIgnoreCaseAndPunctuationButNotShortCourtesies() {
        assertThat(Quotes.quotes(Quotes.normalize("Your order #12345-678 ships today"), Quotes.normalize("order 12345 678")))
                .isTrue();
        assertThat(Quotes.quotes(Quotes.normalize("Thanks!"), Quotes.normalize("thanks"))).isFalse();
    }

    @Test
    void aCustomerWhoBlockedTheAccountGetsNoPrivateReplyUntilTheyWriteAgain() {
        f.policy(Map.of());
        Ticket ticket = f.ticket("messenger", "p9", Visibility.PRIVATE, "mid.9", "hi",
                OutboundFixture.NOW.minus(Duration.ofHours(1)), Map.of(SocialProperties.BLOCKED, "true",
                        "social.blockedAt", "2026-01-01T00:00:00Z"));
        assertThatThrownBy(() -> reply(ticket, Visibility.PRIVATE, "Hello?")).isInstanceOfSatisfying(
                PolicyViolationException.class, e -> {
                    assertThat(e.rule()).isEqualTo("recipient-blocked");
                    assertThat(e.getMessage()).contains("blocked this messenger account at 2026-01-01T00:00:00Z");
                });
        f.customerWrites(ticket.id(), "messenger", "p9", Visibility.PRIVATE, "mid.10", "sorry, unblocked you",
                OutboundFixture.NOW.minus(Duration.ofMinutes(1)));
        assertThat(reply(ticket, Visibility.PRIVATE, "Welcome back").delivery()).isEqualTo(DeliveryState.QUEUED);
    }
}
