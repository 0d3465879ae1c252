package dev.parley.itests;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.HexFormat;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** Webhook deliveries exactly as X and Meta send them (see shared/PLATFORMS.md), for tests. */
public final class SignedWebhooks {

    public static final String X_ACCOUNT = "sandbox-x";
    public static final String X_USER_ID = "1000000001";
    public static final String X_SECRET = "sandbox-x-secret";
    public static final String META_ACCOUNT = "sandbox-meta";
    public static final String META_PAGE_ID = "2000000001";
    public static final String META_SECRET = "sandbox-meta-secret";
    public static final String META_VERIFY_TOKEN = "sandbox-verify";
    public static final String WHATSAPP_ACCOUNT = "sandbox-whatsapp";
    public static final String WHATSAPP_PHONE_NUMBER_ID = "5000000001";
    public static final String WHATSAPP_SECRET = "sandbox-whatsapp-secret";

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String base;

    public SignedWebhooks(int port) {
        this.base = "http://127.0.0.1:" + port;
    }

    public static String xDirectMessage(String eventId, String senderId, String handle, String text) {
        return "{\"for_user_id\":\"" + X_USER_ID + "\",\"direct_message_events\":[{\"type\":\"message_create\",\"id\":\""
                + eventId + "\",\"created_timestamp\":\"" + System.currentTimeMillis() + "\",\"message_create\":{"
                + "\"target\":{\"recipient_id\":\"" + X_USER_ID + "\"},\"sender_id\":\"" + senderId
                + "\",\"message_data\":{\"text\":\"" + text + "\"}}}],\"users\":{\"" + senderId + "\":{\"id\":\""
                + senderId + "\",\"screen_name\":\"" + handle + "\",\"name\":\"" + handle + "\"}}}";
    }

    public static String xMention(String tweetId, String userId, String handle, String text, String inReplyTo) {
        return "{\"for_user_id\":\"" + X_USER_ID + "\",\"tweet_create_events\":[{\"id_str\":\"" + tweetId
                + "\",\"created_at\":\"Mon Nov 23 10:00:00 +0000 2026\",\"text\":\"" + text + "\","
                + "\"in_reply_to_status_id_str\":" + (inReplyTo == null ? "null" : "\"" + inReplyTo + "\"")
                + ",\"user\":{\"id_str\":\"" + userId + "\",\"screen_name\":\"" + handle + "\",\"name\":\"" + handle
                + "\",\"followers_count\":120,\"verified\":false}}]}";
    }

    public static String metaMessengerMessage(String mid, String psid, String text) {
        return "{\"object\":\"page\",\"entry\":[{\"id\":\"" + META_PAGE_ID + "\",\"time\":" + System.currentTimeMillis()
                + ",\"messaging\":[{\"sender\":{\"id\":\"" + psid + "\"},\"recipient\":{\"id\":\"" + META_PAGE_ID
                + "\"},\"timestamp\":" + System.currentTimeMillis() + ",\"message\":{\"mid\":\"" + mid + "\",\"text\":\""
                + text + "\"}}]}]}";
    }

    /** A text message from the customer {@code waId} to the sandbox number, with their profile name. */
    public static String whatsAppMessage(String wamid, String waId, String text) {
        return "{\"object\":\"whatsapp_business_account\",\"entry\":[{\"id\":\"6000000001\",\"changes\":[{"
                + "\"value\":{\"messaging_product\":\"whatsapp\",\"metadata\":{\"display_phone_number\":\"15550100001\","
                + "\"phone_number_id\":\"" + WHATSAPP_PHONE_NUMBER_ID + "\"},\"contacts\":[{\"profile\":{\"name\":\"Wanda\"},"
                + "\"wa_id\":\"" + waId + "\"}],\"messages\":[{\"from\":\"" + waId + "\",\"id\":\"" + wamid
                + "\",\"timestamp\":\"" + java.time.Instant.now().getEpochSecond() + "\",\"type\":\"text\",\"text\":{"
                + "\"body\":\"" + text + "\"}}]},\"field\":\"messages\"}]}]}";
    }

    public HttpResponse<String> postX(String body) {
        return post("/webhooks/x/" + X_ACCOUNT, body, "x-twitter-webhooks-signature", xSignature(X_SECRET, body));
    }

    public HttpResponse<String> postMeta(String body) {
        return post("/webhooks/meta/" + META_ACCOUNT, body, "X-Hub-Signature-256", metaSignature(META_SECRET, body));
    }

    public HttpResponse<String> postWhatsApp(String body) {
        return post("/webhooks/whatsapp/" + WHATSAPP_ACCOUNT, body, "X-Hub-Signature-256", metaSignature(WHATSAPP_SECRET, body));
    }

    public HttpResponse<String> post(String path, String body, String header, String signature) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        if (header != null) {
            request.header(header, signature);
        }
        return send(request);
    }

    /** A correctly signed delivery to an account that does not exist. */
    public int postRaw404() {
        String body = "{}";
        return post("/webhooks/x/no-such-account", body, "x-twitter-webhooks-signature", xSignature(X_SECRET, body))
                .statusCode();
    }

    public HttpResponse<String> get(String pathAndQuery) {
        return send(HttpRequest.newBuilder(URI.create(base + pathAndQuery)).timeout(Duration.ofSeconds(30)).GET());
    }

    /**
     * Waits until GET {@code pathAndQuery} (a CRC or verification request) answers 200; on timeout
     * fails with the last answer, which says whether the account or the platform plugin was missing.
     */
    public void awaitVerified(String what, String pathAndQuery, Duration timeout) {
        java.util.concurrent.atomic.AtomicReference<String> last = new java.util.concurrent.atomic.AtomicReference<>("none");
        try {
            Await.condition(what, timeout, () -> {
                HttpResponse<String> answer = get(pathAndQuery);
                last.set(answer.statusCode() + " " + answer.body());
                return answer.statusCode() == 200;
            });
        } catch (AssertionError e) {
            // printed too: Pax Exam hands the runner the inner failure, without this message
            System.err.println(what + ": last answer to GET " + pathAndQuery + ": " + last.get());
            throw new AssertionError(e.getMessage() + "; last answer: " + last.get(), e);
        }
    }

    private HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public static String xSignature(String secret, String body) {
        return "sha256=" + Base64.getEncoder().encodeToString(hmac(secret, body));
    }

    public static String metaSignature(String secret, String body) {
        return "sha256=" + HexFormat.of().formatHex(hmac(secret, body));
    }

    private static byte[] hmac(String secret, String message) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return mac.doFinal(message.getBytes(StandardCharsets.UTF_8));
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
