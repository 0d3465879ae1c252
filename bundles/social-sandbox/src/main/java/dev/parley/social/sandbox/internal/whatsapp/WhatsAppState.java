package dev.parley.social.sandbox.internal.whatsapp;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/** What the simulated number remembers: each customer's last message (the window), media by id, ids. */
final class WhatsAppState {

    private final Map<String, Instant> lastCustomerMessage = new ConcurrentHashMap<>();
    private final Map<String, String> media = new ConcurrentHashMap<>();
    private final Map<String, dev.parley.social.sandbox.internal.customer.SandboxMedia.File> uploads =
            new ConcurrentHashMap<>();
    private final AtomicLong sequence = new AtomicLong(System.currentTimeMillis() % 1_000_000_000L * 1000);

    void customerWrote(String waId, Instant at) {
        lastCustomerMessage.merge(waId, at, (a, b) -> a.isAfter(b) ? a : b);
    }

    Optional<Instant> lastCustomerMessage(String waId) {
        return Optional.ofNullable(lastCustomerMessage.get(waId));
    }

    /** A new media id for a sandbox file. */
    String addMedia(String file) {
        String id = Long.toString(9_000_000_000_000L + sequence.incrementAndGet());
        media.put(id, file);
        return id;
    }

    /** A file the number uploaded to the media API; its new media id. */
    String addUpload(dev.parley.social.sandbox.internal.customer.SandboxMedia.File file) {
        String id = Long.toString(8_000_000_000_000L + sequence.incrementAndGet());
        uploads.put(id, file);
        return id;
    }

    Optional<dev.parley.social.sandbox.internal.customer.SandboxMedia.File> upload(String id) {
        return Optional.ofNullable(uploads.get(id));
    }

    Optional<String> media(String id) {
        return Optional.ofNullable(media.get(id));
    }

    /** A message id shaped like WhatsApp's ({@code wamid.} and base64 of a counter). */
    String newMessageId() {
        return "wamid.HBgL" + java.util.Base64.getUrlEncoder().withoutPadding()
                .encodeToString(Long.toString(sequence.incrementAndGet()).getBytes(java.nio.charset.StandardCharsets.US_ASCII));
    }

    void clear() {
        lastCustomerMessage.clear();
        media.clear();
        uploads.clear();
    }
}
