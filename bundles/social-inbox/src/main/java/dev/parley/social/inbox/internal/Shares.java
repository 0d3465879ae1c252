package dev.parley.social.inbox.internal;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.parley.social.api.InboundMessage;
import dev.parley.social.api.InboxEvent;
import dev.parley.social.api.MessageKind;

/**
 * Splits a claimed batch into one share per worker. Events of one conversation stay in one share
 * and in claim order, so two messages of a new conversation never race to open two tickets; the
 * conversations of one author stay together too, because a public mention and its DM hand-off can
 * share a ticket and two workers would otherwise race for the same ticket row.
 * Echoes (authored by our own account) never join conversations by author.
 */
final class Shares {

    private Shares() {
    }

    static List<List<InboxEvent>> of(List<InboxEvent> batch, int workers) {
        Map<String, String> parent = new HashMap<>();
        Map<String, String> authorsConversation = new HashMap<>();
        for (InboxEvent e : batch) {
            String conversation = conversation(e.message());
            parent.putIfAbsent(conversation, conversation);
            if (e.message().kind() != MessageKind.ECHO) {
                String author = e.message().platform() + '\n' + e.message().account() + '\n'
                        + e.message().author().platformId();
                String earlier = authorsConversation.putIfAbsent(author, conversation);
                if (earlier != null) {
                    parent.put(root(parent, conversation), root(parent, earlier));
                }
            }
        }
        Map<String, List<InboxEvent>> groups = new LinkedHashMap<>();
        for (InboxEvent e : batch) {
            groups.computeIfAbsent(root(parent, conversation(e.message())), k -> new ArrayList<>()).add(e);
        }
        List<List<InboxEvent>> shares = new ArrayList<>();
        for (int i = 0; i < Math.min(Math.max(1, workers), groups.size()); i++) {
            shares.add(new ArrayList<>());
        }
        // largest groups first, each to the lightest share: even shares, and claim order inside each group
        groups.values().stream().sorted((a, b) -> b.size() - a.size()).forEach(group -> {
            List<InboxEvent> lightest = shares.get(0);
            for (List<InboxEvent> share : shares) {
                lightest = share.size() < lightest.size() ? share : lightest;
            }
            lightest.addAll(group);
        });
        return shares;
    }

    private static String conversation(InboundMessage m) {
        return m.platform() + '\n' + m.account() + '\n' + m.conversationKey();
    }

    private static String root(Map<String, String> parent, String key) {
        String r = key;
        while (!parent.get(r).equals(r)) {
            r = parent.get(r);
        }
        return r;
    }
}
