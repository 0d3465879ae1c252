package dev.parley.social.inbox.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

import org.junit.jupiter.api.Test;

import dev.parley.social.api.InboundMessage;
import dev.parley.social.api.InboxEvent;
import dev.parley.social.api.InboxState;
import dev.parley.social.api.MessageKind;
import dev.parley.social.api.MessageVisibility;
import dev.parley.social.api.SocialAuthor;

class SharesTest {

    private long nextId = 1;

    private InboxEvent event(String conversation, String author, MessageKind kind) {
        long id = nextId++;
        InboundMessage m = new InboundMessage("x", "acme", "x", conversation, "m" + id, kind, Optional.empty(),
                new SocialAuthor(author, Optional.empty(), Optional.empty(), OptionalLong.empty(), false, Optional.empty()),
                "text", List.of(), MessageVisibility.PRIVATE, Optional.empty(), Instant.EPOCH);
        return new InboxEvent(id, m, InboxState.PENDING, 0, Instant.EPOCH, Optional.empty());
    }

    @Test
    void aConversationStaysInOneShareInClaimOrder() {
        List<InboxEvent> batch = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            batch.add(event("c" + (i % 8), "a" + (i % 8), MessageKind.MESSAGE));
        }
        List<List<InboxEvent>> shares = Shares.of(batch, 4);
        assertThat(shares).hasSize(4).allSatisfy(share -> assertThat(share).hasSize(10));
        for (List<InboxEvent> share : shares) {
            for (int c = 0; c < 8; c++) {
                String conversation = "c" + c;
                List<Long> ids = share.stream().filter(e -> e.message().conversationKey().equals(conversation))
                        .map(InboxEvent::id).toList();
                assertThat(ids).isSorted();
                long inOtherShares = shares.stream().filter(s -> s != share).flatMap(List::stream)
                        .filter(e -> e.message().conversationKey().equals(conversation)).count();
                assertThat(ids.isEmpty() || inOtherShares == 0).as(conversation + " split across shares").isTrue();
            }
        }
    }

    @Test
    void oneAuthorsConversationsShareAWorkerButEchoesJoinNothing() {
        InboxEvent mention = event("thread-1", "ann", MessageKind.COMMENT);
        InboxEvent dm = event("dm-ann", "ann", MessageKind.MESSAGE);
        InboxEvent echoToAnn = event("dm-ann", "acme", MessageKind.ECHO);
        InboxEvent echoToBob = event("dm-bob", "acme", MessageKind.ECHO);
        InboxEvent bob = event("dm-bob", "bob", MessageKind.MESSAGE);
        List<List<InboxEvent>> shares = Shares.of(List.of(mention, dm, echoToAnn, echoToBob, bob), 4);
        assertThat(shares).hasSize(2);
        assertThat(shares).anySatisfy(s -> assertThat(s).containsExactly(mention, dm, echoToAnn));
        assertThat(shares).anySatisfy(s -> assertThat(s).containsExactly(echoToBob, bob));
    }

    @Test
    void neverMoreSharesThanWorkersOrGroups() {
        assertThat(Shares.of(List.of(event("c", "a", MessageKind.MESSAGE)), 4)).hasSize(1);
        assertThat(Shares.of(List.of(event("c1", "a1", MessageKind.MESSAGE), event("c2", "a2", MessageKind.MESSAGE),
                event("c3", "a3", MessageKind.MESSAGE)), 2)).hasSize(2);
        assertThat(Shares.of(List.of(), 4)).isEmpty();
    }
}
