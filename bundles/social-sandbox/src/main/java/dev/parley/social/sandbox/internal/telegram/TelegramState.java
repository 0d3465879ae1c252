package dev.parley.social.sandbox.internal.telegram;

import java.net.URI;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * What the simulated Bot API remembers: the webhook (url and secret_token, or none), the updates not
 * yet confirmed (by an offset past them) or delivered, message ids per chat, the bot's own messages,
 * files by file_id, and which customers block the bot. Thread-safe.
 */
final class TelegramState {

    /** A file a customer sent: its ids, where getFile says it is, and which sandbox media it serves. */
    record StoredFile(String fileId, String uniqueId, String filePath, String mediaName) {
    }

    private Optional<URI> webhook = Optional.empty();
    private Optional<String> secretToken = Optional.empty();
    private final TreeMap<Long, ObjectNode> pending = new TreeMap<>();
    /** Long polls waiting for the next update. */
    private final List<java.util.concurrent.CompletableFuture<Void>> waiting = new ArrayList<>();
    private final Set<Long> delivered = new HashSet<>();
    private final Map<String, Long> messageIds = new HashMap<>();
    private final Map<String, JsonNode> sent = new HashMap<>();
    private final Map<String, StoredFile> files = new LinkedHashMap<>();
    private final Set<String> blocked = new HashSet<>();
    /** Basic groups upgraded to supergroups: old chat id to new. */
    private final Map<String, String> upgraded = new HashMap<>();
    /**
     * Where ids start: from the clock, so a restarted sandbox never hands out a message or update id
     * it gave before (Telegram never reuses them, and a helpdesk keeps the old ones).
     */
    private final long seed;
    private long nextUpdateId;
    private long nextFile = 1;
    private long nextCallback = 4_382_000_000_001L;

    TelegramState(URI webhook, String secretToken, java.time.Clock clock) {
        this.seed = clock.millis() / 1000 % 100_000_000L * 1_000L;
        this.nextUpdateId = 800_000_000_000L + seed;
        reset(webhook, secretToken);
    }

    synchronized void reset(URI defaultWebhook, String secret) {
        webhook = Optional.of(defaultWebhook);
        secretToken = Optional.of(secret).filter(s -> !s.isBlank());
        pending.clear();
        delivered.clear();
        sent.clear();
        files.clear();
        blocked.clear();
        upgraded.clear();
    }

    synchronized void upgraded(String group, String supergroup) {
        upgraded.put(group, supergroup);
    }

    /** The supergroup a basic group became, if it was upgraded. */
    synchronized Optional<String> upgradedTo(String group) {
        return Optional.ofNullable(upgraded.get(group));
    }

    synchronized Optional<URI> webhookUrl() {
        return webhook;
    }

    synchronized Optional<String> secretToken() {
        return secretToken;
    }

    synchronized void setWebhook(Optional<URI> url, Optional<String> secret) {
        webhook = url;
        secretToken = secret;
    }

    /** Gives the update its update_id and keeps it until delivered or confirmed; wakes held getUpdates. */
    long enqueue(ObjectNode update) {
        long id;
        List<java.util.concurrent.CompletableFuture<Void>> woken;
        synchronized (this) {
            id = nextUpdateId++;
            ObjectNode withId = update.objectNode().put("update_id", id);
            withId.setAll(update);
            pending.put(id, withId);
            update.put("update_id", id);
            woken = new ArrayList<>(waiting);
            waiting.clear();
        }
        woken.forEach(w -> w.complete(null));
        return id;
    }

    /**
     * A long poll's wait: empty when updates at or after {@code offset} are there already (answer
     * now), else a future completing at the next update.
     */
    synchronized Optional<java.util.concurrent.CompletableFuture<Void>> awaitUpdates(Optional<Long> offset) {
        boolean any = offset.map(o -> !pending.tailMap(o).isEmpty()).orElse(!pending.isEmpty());
        if (any || webhook.isPresent()) {
            return Optional.empty();
        }
        java.util.concurrent.CompletableFuture<Void> news = new java.util.concurrent.CompletableFuture<>();
        waiting.add(news);
        news.whenComplete((v, e) -> {
            synchronized (this) {
                waiting.remove(news);
            }
        });
        return Optional.of(news);
    }

    /** The updates a webhook has not had yet; they count as handed over. */
    synchronized List<ObjectNode> takeUndelivered() {
        List<ObjectNode> due = new ArrayList<>();
        for (Map.Entry<Long, ObjectNode> e : pending.entrySet()) {
            if (delivered.add(e.getKey())) {
                due.add(e.getValue());
            }
        }
        pending.keySet().removeAll(delivered);
        delivered.clear();
        return due;
    }

    /**
     * getUpdates: confirms (forgets) every update below {@code offset}, then answers up to {@code
     * limit} of the rest, oldest first.
     */
    synchronized List<ObjectNode> updates(Optional<Long> offset, int limit) {
        offset.ifPresent(o -> pending.headMap(o).clear());
        return pending.values().stream().limit(limit).toList();
    }

    synchronized int pendingCount() {
        return pending.size();
    }

    synchronized long nextMessageId(String chatId) {
        return messageIds.merge(chatId, seed + 1, (previous, one) -> previous + 1);
    }

    synchronized void rememberSent(String chatId, long messageId, JsonNode message) {
        sent.put(chatId + ":" + messageId, message);
    }

    synchronized Optional<JsonNode> sent(String chatId, String messageId) {
        return Optional.ofNullable(sent.get(chatId + ":" + messageId));
    }

    synchronized StoredFile storeFile(String kind, String mediaName, String folder) {
        long n = nextFile++;
        StoredFile file = new StoredFile("AgAC" + kind.replace("-", "") + "Q" + n + "AAx" + Long.toHexString(n * 7919),
                "AQAD" + n, folder + "/file_" + n + extension(mediaName), mediaName);
        files.put(file.fileId(), file);
        return file;
    }

    synchronized Optional<StoredFile> file(String fileId) {
        return Optional.ofNullable(files.get(fileId));
    }

    synchronized Optional<StoredFile> fileAt(String path) {
        return files.values().stream().filter(f -> f.filePath().equals(path)).findFirst();
    }

    synchronized long nextCallbackId() {
        return nextCallback++;
    }

    synchronized void blocked(String userId, boolean isBlocked) {
        if (isBlocked) {
            blocked.add(userId);
        } else {
            blocked.remove(userId);
        }
    }

    synchronized boolean blocks(String userId) {
        return blocked.contains(userId);
    }

    private static String extension(String name) {
        int dot = name.lastIndexOf('.');
        return dot < 0 ? "" : name.substring(dot);
    }
}
