package dev.parley.social.connector.internal.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.doAnswer;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.parley.social.api.ReceiveMode;
import dev.parley.social.api.SocialAccount;
import dev.parley.social.api.SocialPlatform;
import dev.parley.social.connector.internal.account.AccountDirectory;
import dev.parley.social.connector.internal.account.ConfiguredAccount;
import dev.parley.social.connector.internal.account.UnroutedEvents;
import dev.parley.social.api.PlatformHttp;
import dev.parley.social.connector.internal.inbox.JdbcSocialInbox;
import dev.parley.social.connector.internal.inbox.TestDatabase;
import dev.parley.social.meta.internal.MetaPlatform;
import dev.parley.social.meta.internal.MetaSignatures;
import dev.parley.social.x.internal.XPlatform;
import dev.parley.social.x.internal.XSignatures;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

class WebhookServletTest {

    static final String DM = "{\"for_user_id\":\"4337869213\",\"direct_message_events\":[{\"type\":\"message_create\","
            + "\"id\":\"954491830116155396\",\"created_timestamp\":\"1516403560557\",\"message_create\":{\"target\":"
            + "{\"recipient_id\":\"4337869213\"},\"sender_id\":\"3001969357\",\"message_data\":{\"text\":\"Hello World!\"}}}]}";

    private TestDatabase db;
    private JdbcSocialInbox inbox;
    private AccountDirectory directory;
    private WebhookServlet servlet;

    @BeforeEach
    void setUp() {
        db = new TestDatabase();
        inbox = JdbcSocialInbox.create(db.dataSource(), db.migrator, Clock.systemUTC());
        directory = new AccountDirectory();
        PlatformHttp http = mock(PlatformHttp.class);
        directory.bindPlatform(new XPlatform(http), Map.of(SocialPlatform.PLATFORM, "x"));
        directory.bindPlatform(new MetaPlatform(http), Map.of(SocialPlatform.PLATFORM, "meta"));
        directory.add(ConfiguredAccount.of(new SocialAccount("acme", "x", "4337869213", Optional.of("acme"),
                Optional.of("test"), null, null, Optional.of("token"), ReceiveMode.WEBHOOK, null), Duration.ofMinutes(1),
                directory));
        directory.add(ConfiguredAccount.of(new SocialAccount("acme-fb", "meta", "PAGE_ID", null, null,
                Optional.of("FAKE_SECRET"), Optional.of("meatyhamhock"), null, ReceiveMode.WEBHOOK, null),
                Duration.ofMinutes(1), directory));
        servlet = new WebhookServlet(directory, inbox, 1024 * 1024, Clock.systemUTC());
    }

    @AfterEach
    void tearDown() {
        inbox.close();
        db.close();
    }

    @Test
    void xCrcAnswersTheResponseToken() throws Exception {
        Reply reply = call("GET", "/x/acme", "crc_token=test&nonce=abc", Map.of(), new byte[0]);
        assertThat(reply.status).isEqualTo(200);
        assertThat(reply.contentType).isEqualTo("application/json");
        // PLATFORMS.md vector is for secret "test" and token "test"
        assertThat(reply.body()).isEqualTo("{\"response_token\":\"sha256=iM0hCLU0fZc885zfkFPX3UJwSHbYyam9ji0WglnT3fc=\"}");
    }

    @Test
    void xCrcWithoutTokenIsABadRequest() throws Exception {
        Reply reply = call("GET", "/x/acme", null, Map.of(), new byte[0]);
        assertThat(reply.status).isEqualTo(400);
        assertThat(reply.contentType).isEqualTo("application/problem+json");
    }

    @Test
    void xCrcNeverSignsAWebhookBodyChosenByTheCaller() throws Exception {
        // the CRC answer is HMAC(consumer secret, token): for a JSON token it would be that body's signature
        String query = "crc_token=" + java.net.URLEncoder.encode(DM, StandardCharsets.UTF_8);
        Reply reply = call("GET", "/x/acme", query, Map.of(), new byte[0]);
        assertThat(reply.status).isEqualTo(400);
        assertThat(reply.contentType).isEqualTo("application/problem+json");
        assertThat(reply.body()).doesNotContain("sha256=")
                .doesNotContain(XSignatures.sign("test", DM.getBytes(StandardCharsets.UTF_8)).substring(7));
    }

    @Test
    void xCrcRefusesTokensUnlikeX() throws Exception {
        for (String token : new String[] { "a".repeat(257), "12345", "true", "null", "abc%20def", "a%0Ab", "%22x%22",
                "%E2%82%AC" }) {
            Reply reply = call("GET", "/x/acme", "crc_token=" + token, Map.of(), new byte[0]);
            assertThat(reply.status).as(token).isEqualTo(400);
            assertThat(reply.body()).as(token).doesNotContain("sha256=");
        }
        Reply longest = call("GET", "/x/acme", "crc_token=" + "a".repeat(256), Map.of(), new byte[0]);
        assertThat(longest.status).isEqualTo(200);
        Reply base64 = call("GET", "/x/acme", "crc_token=Zm9v.YmFy_-~%2B%2F%3D", Map.of(), new byte[0]);
        assertThat(base64.status).isEqualTo(200);
    }

    @Test
    void aMalformedPercentEscapeIsABadRequest() throws Exception {
        Reply reply = call("GET", "/x/acme", "crc_token=%zz", Map.of(), new byte[0]);
        assertThat(reply.status).isEqualTo(400);
        assertThat(reply.contentType).isEqualTo("application/problem+json");
        assertThat(reply.body()).contains("%-escape");
    }

    @Test
    void metaVerificationEchoesOnlyADigitChallenge() throws Exception {
        for (String challenge : new String[] { "%3Cscript%3E", "abc", "1".repeat(33), "12%2034", "" }) {
            Reply reply = call("GET", "/meta/acme-fb",
                    "hub.mode=subscribe&hub.challenge=" + challenge + "&hub.verify_token=meatyhamhock", Map.of(),
                    new byte[0]);
            assertThat(reply.status).as(challenge).isEqualTo(400);
            assertThat(reply.body()).as(challenge).doesNotContain("<script>");
        }
    }

    @Test
    void metaVerificationEchoesTheChallengeOnlyForTheRightToken() throws Exception {
        Reply ok = call("GET", "/meta/acme-fb",
                "hub.mode=subscribe&hub.challenge=1158201444&hub.verify_token=meatyhamhock", Map.of(), new byte[0]);
        assertThat(ok.status).isEqualTo(200);
        assertThat(ok.body()).isEqualTo("1158201444");
        Reply wrong = call("GET", "/meta/acme-fb",
                "hub.mode=subscribe&hub.challenge=1158201444&hub.verify_token=wrong", Map.of(), new byte[0]);
        assertThat(wrong.status).isEqualTo(403);
        assertThat(wrong.body()).doesNotContain("1158201444");
    }

    @Test
    void signedXWebhookIsStoredBeforeThe200AndOnlyOnce() throws Exception {
        byte[] body = DM.getBytes(StandardCharsets.UTF_8);
        Map<String, String> headers = Map.of("X-Twitter-Webhooks-Signature", XSignatures.sign("test", body));
        Reply first = call("POST", "/x/acme", null, headers, body);
        assertThat(first.status).isEqualTo(200);
        assertThat(first.body()).isEqualTo("{\"received\":1}");
        assertThat(inbox.counts().pending()).isEqualTo(1);
        Reply again = call("POST", "/x/acme", null, headers, body);
        assertThat(again.status).isEqualTo(200);
        assertThat(again.body()).isEqualTo("{\"received\":1}");
        assertThat(inbox.counts().pending()).isEqualTo(1);
        assertThat(inbox.activity("acme", java.time.Instant.EPOCH).eventsSince()).isEqualTo(1);
    }

    @Test
    void badOrMissingSignatureIs401AndStoresNothing() throws Exception {
        byte[] body = DM.getBytes(StandardCharsets.UTF_8);
        Reply wrong = call("POST", "/x/acme", null, Map.of("x-twitter-webhooks-signature",
                XSignatures.sign("not-the-secret", body)), body);
        Reply missing = call("POST", "/x/acme", null, Map.of(), body);
        assertThat(wrong.status).isEqualTo(401);
        assertThat(missing.status).isEqualTo(401);
        assertThat(wrong.contentType).isEqualTo("application/problem+json");
        assertThat(wrong.body()).contains("\"status\":401").doesNotContain("Hello World");
        assertThat(inbox.counts().pending()).isZero();
        assertThat(directory.health("acme").signatureFailures()).isEqualTo(2);
    }

    @Test
    void signedMetaWebhookWithEscapedEmojiIsVerifiedOnRawBytes() throws Exception {
        byte[] body = ("{\"object\":\"page\",\"entry\":[{\"id\":\"PAGE_ID\",\"time\":1,\"messaging\":[{\"sender\":"
                + "{\"id\":\"PSID\"},\"recipient\":{\"id\":\"PAGE_ID\"},\"timestamp\":1458692752478,\"message\":"
                + "{\"mid\":\"mid.1\",\"text\":\"\\ud83d\\ude22 lost\"}}]}]}").getBytes(StandardCharsets.UTF_8);
        Reply reply = call("POST", "/meta/acme-fb", null,
                Map.of("X-Hub-Signature-256", MetaSignatures.sign("FAKE_SECRET", body)), body);
        assertThat(reply.status).isEqualTo(200);
        assertThat(inbox.claim(1, Duration.ofMinutes(1)).get(0).message().text()).isEqualTo("😢 lost");
    }

    @Test
    void malformedJsonWithAGoodSignatureIs400() throws Exception {
        byte[] body = "{\"direct_message_events\":".getBytes(StandardCharsets.UTF_8);
        Reply reply = call("POST", "/x/acme", null, Map.of("x-twitter-webhooks-signature", XSignatures.sign("test", body)), body);
        assertThat(reply.status).isEqualTo(400);
        assertThat(reply.contentType).isEqualTo("application/problem+json");
        assertThat(inbox.counts().pending()).isZero();
    }

    @Test
    void signedButStrangelyShapedDeliveriesAre400NeverAnException() throws Exception {
        for (String text : new String[] {"null", "[null]", "[]", "42", "{\"for_user_id\":null}",
                "{\"for_user_id\":\"4337869213\",\"direct_message_events\":[null]}",
                "{\"for_user_id\":\"4337869213\",\"direct_message_events\":[{\"type\":\"message_create\",\"id\":1,"
                        + "\"message_create\":null}]}",
                "{\"for_user_id\":\"4337869213\",\"direct_message_events\":{}}",
                "{\"for_user_id\":\"4337869213\",\"tweet_create_events\":[{\"id_str\":[],\"user\":7}]}",
                "{\"for_user_id\":\"4337869213\",\"direct_message_events\":[{\"type\":\"message_create\",\"id\":\"1\","
                        + "\"created_timestamp\":\"99999999999999999999999\",\"message_create\":{\"sender_id\":\"5\","
                        + "\"target\":{\"recipient_id\":\"4337869213\"},\"message_data\":{\"text\":\"\\ud800\"}}}]}"}) {
            byte[] body = text.getBytes(StandardCharsets.UTF_8);
            Reply reply = call("POST", "/x/acme", null,
                    Map.of("x-twitter-webhooks-signature", XSignatures.sign("test", body)), body);
            assertThat(reply.status).as(text).isIn(200, 400);
        }
        for (String text : new String[] {"null", "[]", "{\"object\":\"page\",\"entry\":[null]}",
                "{\"object\":\"page\",\"entry\":[{\"id\":\"PAGE_ID\",\"messaging\":[{\"sender\":null,\"message\":7}]}]}",
                "{\"object\":\"page\",\"entry\":[{\"id\":\"PAGE_ID\",\"time\":\"x\",\"changes\":[{\"value\":[]}]}]}"}) {
            byte[] body = text.getBytes(StandardCharsets.UTF_8);
            Reply reply = call("POST", "/meta/acme-fb", null,
                    Map.of("X-Hub-Signature-256", MetaSignatures.sign("FAKE_SECRET", body)), body);
            assertThat(reply.status).as(text).isIn(200, 400);
        }
    }

    @Test
    void formEncodedVectorBodyIsVerifiedAsRawBytes() throws Exception {
        byte[] body = "test=1&other_test=2".getBytes(StandardCharsets.UTF_8);
        Reply reply = call("POST", "/x/acme", null,
                Map.of("x-twitter-webhooks-signature", "sha256=25Cu3iwbbiqBTwQRzcKJZwisjf736V2Q8UaTlkfLSoc="), body);
        assertThat(reply.status).isEqualTo(400); // signature accepted, then refused as not JSON
    }

    @Test
    void oversizedBodyIs413() throws Exception {
        byte[] body = new byte[1024 * 1024 + 1];
        Reply declared = call("POST", "/x/acme", null, Map.of(), body);
        assertThat(declared.status).isEqualTo(413);
        assertThat(declared.contentType).isEqualTo("application/problem+json");
    }

    @Test
    void oversizedBodyWithoutDeclaredLengthIs413AsItArrives() throws Exception {
        Reply chunked = call("POST", "/x/acme", null, Map.of(), new byte[1024 * 1024 + 1], -1);
        assertThat(chunked.status).isEqualTo(413);
        assertThat(inbox.counts().pending()).isZero();
    }

    @Test
    void bodyIsVerifiedWholeWithOrWithoutDeclaredLength() throws Exception {
        byte[] body = "test=1&other_test=2".getBytes(StandardCharsets.UTF_8);
        Map<String, String> signed = Map.of("x-twitter-webhooks-signature", "sha256=25Cu3iwbbiqBTwQRzcKJZwisjf736V2Q8UaTlkfLSoc=");
        assertThat(call("POST", "/x/acme", null, signed, body, -1).status).isEqualTo(400); // signature accepted
        assertThat(call("POST", "/x/acme", null, signed, body).status).isEqualTo(400);
    }

    @Test
    void unknownAccountOrPlatformMismatchIs404() throws Exception {
        assertThat(call("POST", "/x/nobody", null, Map.of(), new byte[0]).status).isEqualTo(404);
        assertThat(call("GET", "/meta/acme", "hub.mode=subscribe", Map.of(), new byte[0]).status).isEqualTo(404);
        assertThat(call("GET", "/x", null, Map.of(), new byte[0]).status).isEqualTo(404);
    }

    @Test
    void aRemovedPlatformPluginsWebhooksAre404WhileTheOtherPlatformKeepsWorking() throws Exception {
        XPlatform x = (XPlatform) directory.platform("x").orElseThrow();
        directory.unbindPlatform(x, Map.of(SocialPlatform.PLATFORM, "x"));
        byte[] body = DM.getBytes(StandardCharsets.UTF_8);
        Reply post = call("POST", "/x/acme", null, Map.of("X-Twitter-Webhooks-Signature", XSignatures.sign("test", body)),
                body);
        assertThat(post.status).isEqualTo(404);
        assertThat(post.contentType).isEqualTo("application/problem+json");
        assertThat(post.body()).contains("x platform plugin is not installed");
        assertThat(call("GET", "/x/acme", "crc_token=test", Map.of(), new byte[0]).status).isEqualTo(404);
        assertThat(inbox.counts().pending()).isZero();

        Reply meta = call("GET", "/meta/acme-fb",
                "hub.mode=subscribe&hub.challenge=1158201444&hub.verify_token=meatyhamhock", Map.of(), new byte[0]);
        assertThat(meta.status).isEqualTo(200);

        directory.bindPlatform(x, Map.of(SocialPlatform.PLATFORM, "x"));
        assertThat(call("POST", "/x/acme", null, Map.of("X-Twitter-Webhooks-Signature", XSignatures.sign("test", body)),
                body).status).isEqualTo(200);
    }

    /** Meta's documented Messenger event, for {@code page} from {@code psid}. */
    static String metaEntry(String page, String psid, String mid) {
        return "{\"id\":\"" + page + "\",\"time\":1458692752478,\"messaging\":[{\"sender\":{\"id\":\"" + psid
                + "\"},\"recipient\":{\"id\":\"" + page + "\"},\"timestamp\":1458692752478,\"message\":{\"mid\":\""
                + mid + "\",\"text\":\"hello, world!\"}}]}";
    }

    private void addAccount(String name, String platform, String id, String consumerSecret, String appSecret) {
        directory.add(ConfiguredAccount.of(new SocialAccount(name, platform, id, null, Optional.ofNullable(consumerSecret),
                Optional.ofNullable(appSecret), Optional.of("meatyhamhock"), Optional.of(name + "-token"),
                ReceiveMode.WEBHOOK, null), Duration.ofMinutes(1), directory));
    }

    private Map<String, String> storedAccounts(int expected) {
        Map<String, String> byId = new HashMap<>();
        inbox.claim(expected + 5, Duration.ofMinutes(1)).forEach(e -> byId.put(e.message().externalId(),
                e.message().account()));
        return byId;
    }

    @Test
    void metaEntriesOfSeveralPagesOnOneAppAreRoutedToTheirOwnAccountsAndUnknownOnesCounted() throws Exception {
        addAccount("acme-fb2", "meta", "PAGE_2", null, "FAKE_SECRET");
        addAccount("other-app", "meta", "PAGE_3", null, "OTHER_SECRET");
        byte[] body = ("{\"object\":\"page\",\"entry\":[" + metaEntry("PAGE_ID", "PSID_1", "mid.1") + ","
                + metaEntry("PAGE_2", "PSID_2", "mid.2") + "," + metaEntry("PAGE_3", "PSID_3", "mid.3") + ","
                + metaEntry("PAGE_9", "PSID_9", "mid.9") + "]}").getBytes(StandardCharsets.UTF_8);
        Reply reply = call("POST", "/meta/acme-fb", null,
                Map.of("X-Hub-Signature-256", MetaSignatures.sign("FAKE_SECRET", body)), body);
        assertThat(reply.status).isEqualTo(200);
        assertThat(reply.body()).isEqualTo("{\"received\":2,\"unrouted\":2}");
        assertThat(storedAccounts(2)).containsOnly(Map.entry("mid.1", "acme-fb"), Map.entry("mid.2", "acme-fb2"));
        // PAGE_3 is configured, but under another app's secret: a delivery signed for this app never reaches it
        assertThat(directory.unrouted().all()).extracting(u -> u.accountId() + ":" + u.platform() + ":" + u.count())
                .containsExactlyInAnyOrder("PAGE_3:meta:1", "PAGE_9:meta:1");

        call("POST", "/meta/acme-fb", null, Map.of("X-Hub-Signature-256", MetaSignatures.sign("FAKE_SECRET", body)),
                body);
        assertThat(directory.unrouted().all()).filteredOn(u -> u.accountId().equals("PAGE_9")).singleElement()
                .satisfies(u -> assertThat(u.count()).isEqualTo(2));
    }

    @Test
    void instagramEventsReachThePageAccountTheirInstagramAccountIsLinkedTo() throws Exception {
        directory.add(ConfiguredAccount.linked(new SocialAccount("acme-page2", "meta", "PAGE_2", null, null,
                Optional.of("FAKE_SECRET"), Optional.of("meatyhamhock"), Optional.of("page2-token"), ReceiveMode.WEBHOOK,
                null), Duration.ofMinutes(1), directory, List.of("IG_2")));
        byte[] body = ("{\"object\":\"instagram\",\"entry\":[" + metaEntry("IG_2", "IGSID_1", "ig.1") + ","
                + metaEntry("IG_9", "IGSID_9", "ig.9") + "]}").getBytes(StandardCharsets.UTF_8);
        Reply reply = call("POST", "/meta/acme-fb", null,
                Map.of("X-Hub-Signature-256", MetaSignatures.sign("FAKE_SECRET", body)), body);
        assertThat(reply.status).isEqualTo(200);
        assertThat(storedAccounts(1)).containsOnly(Map.entry("ig.1", "acme-page2"));
        assertThat(directory.unrouted().all()).extracting(u -> u.accountId()).containsExactly("IG_9");
    }

    @Test
    void aPagesEchoIsRoutedByItsSenderAndAnXDeliveryByForUserId() throws Exception {
        addAccount("acme-fb2", "meta", "PAGE_2", null, "FAKE_SECRET");
        addAccount("acme-x2", "x", "2244994945", "test", null);
        // Meta's message_echoes example: the Page is the sender, the customer the recipient
        byte[] echo = ("{\"object\":\"page\",\"entry\":[{\"id\":\"PAGE_ID\",\"time\":1,\"messaging\":["
                + "{\"sender\":{\"id\":\"PAGE_2\"},\"recipient\":{\"id\":\"PSID_2\"},\"timestamp\":1457764197627,"
                + "\"message\":{\"is_echo\":true,\"app_id\":1517776481860111,\"mid\":\"mid.echo\",\"text\":\"hi\"}}]}]}")
                .getBytes(StandardCharsets.UTF_8);
        assertThat(call("POST", "/meta/acme-fb", null,
                Map.of("X-Hub-Signature-256", MetaSignatures.sign("FAKE_SECRET", echo)), echo).status).isEqualTo(200);
        byte[] dm = DM.replace("4337869213", "2244994945").getBytes(StandardCharsets.UTF_8);
        Reply x = call("POST", "/x/acme", null, Map.of("X-Twitter-Webhooks-Signature", XSignatures.sign("test", dm)), dm);
        assertThat(x.body()).isEqualTo("{\"received\":1}");
        assertThat(storedAccounts(2)).containsOnly(Map.entry("mid.echo", "acme-fb2"),
                Map.entry("954491830116155396", "acme-x2"));

        byte[] unknown = DM.replace("4337869213", "999").getBytes(StandardCharsets.UTF_8);
        Reply dropped = call("POST", "/x/acme", null,
                Map.of("X-Twitter-Webhooks-Signature", XSignatures.sign("test", unknown)), unknown);
        assertThat(dropped.status).isEqualTo(200);
        assertThat(dropped.body()).isEqualTo("{\"received\":0,\"unrouted\":1}");
        assertThat(inbox.counts().pending()).isZero();
        assertThat(directory.unrouted().all()).extracting(UnroutedEvents.Unrouted::accountId).containsExactly("999");
    }

    @Test
    void otherMethodsAre405() throws Exception {
        Reply reply = call("PUT", "/x/acme", null, Map.of(), new byte[0]);
        assertThat(reply.status).isEqualTo(405);
        assertThat(reply.headers).containsEntry("Allow", "GET, POST");
    }

    record Reply(int status, String contentType, ByteArrayOutputStream out, Map<String, String> headers) {
        String body() {
            return out.toString(StandardCharsets.UTF_8);
        }
    }

    private Reply call(String method, String pathInfo, String query, Map<String, String> headers, byte[] body)
            throws IOException {
        return call(method, pathInfo, query, headers, body, body.length);
    }

    /** {@code declaredLength} -1: no Content-Length (a chunked body). */
    private Reply call(String method, String pathInfo, String query, Map<String, String> headers, byte[] body,
            long declaredLength) throws IOException {
        HttpServletRequest req = mock(HttpServletRequest.class);
        when(req.getMethod()).thenReturn(method);
        when(req.getPathInfo()).thenReturn(pathInfo);
        when(req.getRequestURI()).thenReturn("/webhooks" + pathInfo);
        when(req.getQueryString()).thenReturn(query);
        when(req.getContentLengthLong()).thenReturn(declaredLength);
        when(req.getHeaderNames()).thenAnswer(i -> Collections.enumeration(headers.keySet()));
        when(req.getHeader(anyString())).thenAnswer(i -> headers.entrySet().stream()
                .filter(e -> e.getKey().equalsIgnoreCase(i.getArgument(0))).map(Map.Entry::getValue).findFirst().orElse(null));
        ByteArrayInputStream in = new ByteArrayInputStream(body);
        when(req.getInputStream()).thenReturn(new ServletInputStream() {
            @Override
            public int read() {
                return in.read();
            }

            @Override
            public int read(byte[] b, int off, int len) {
                return in.read(b, off, len);
            }

            @Override
            public boolean isFinished() {
                return in.available() == 0;
            }

            @Override
            public boolean isReady() {
                return true;
            }

            @Override
            public void setReadListener(ReadListener listener) {
            }
        });
        HttpServletResponse resp = mock(HttpServletResponse.class);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int[] status = {200};
        String[] type = {null};
        Map<String, String> responseHeaders = new HashMap<>();
        doAnswer(i -> status[0] = i.getArgument(0)).when(resp).setStatus(anyInt());
        doAnswer(i -> type[0] = i.getArgument(0)).when(resp).setContentType(anyString());
        doAnswer(i -> responseHeaders.put(i.getArgument(0), i.getArgument(1))).when(resp).setHeader(anyString(), anyString());
        when(resp.getOutputStream()).thenReturn(new ServletOutputStream() {
            @Override
            public void write(int b) {
                out.write(b);
            }

            @Override
            public boolean isReady() {
                return true;
            }

            @Override
            public void setWriteListener(WriteListener listener) {
            }
        });
        servlet.service(req, resp);
        return new Reply(status[0], type[0], out, responseHeaders);
    }
}
