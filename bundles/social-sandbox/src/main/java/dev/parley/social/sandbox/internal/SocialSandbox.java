package dev.parley.social.sandbox.internal;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.parley.social.sandbox.internal.api.ApiGateway;
import dev.parley.social.sandbox.internal.api.PlatformApi;
import dev.parley.social.sandbox.internal.api.SentLog;
import dev.parley.social.sandbox.internal.customer.CustomerPost;
import dev.parley.social.sandbox.internal.customer.InvalidFieldException;
import dev.parley.social.sandbox.internal.customer.PostedMessage;
import dev.parley.social.sandbox.internal.delivery.DeliveryLog;
import dev.parley.social.sandbox.internal.delivery.HttpWebhookTransport;
import dev.parley.social.sandbox.internal.delivery.Webhook;
import dev.parley.social.sandbox.internal.delivery.WebhookDelivery;
import dev.parley.social.sandbox.internal.delivery.WebhookDispatcher;
import dev.parley.social.sandbox.internal.faults.FaultPlan;
import dev.parley.social.sandbox.internal.faults.RateLimits;
import dev.parley.social.sandbox.internal.faults.SandboxClock;
import dev.parley.social.sandbox.internal.meta.MetaAccount;
import dev.parley.social.sandbox.internal.meta.MetaSimulation;
import dev.parley.social.sandbox.internal.wire.ApiRequest;
import dev.parley.social.sandbox.internal.wire.Platform;
import dev.parley.social.sandbox.internal.wire.PlatformIds;
import dev.parley.social.sandbox.internal.wire.WebhookSignatures;
import dev.parley.social.sandbox.internal.wire.WireJson;
import dev.parley.social.sandbox.internal.x.XAccount;
import dev.parley.social.sandbox.internal.x.XSimulation;

/**
 * The sandbox: one simulated X account and one Meta page, the webhook delivery they share (its
 * own threads and pooled HTTP client, released on deactivation), the fault plan and the records
 * tests read. The servlets under /sandbox bind to it only while it is enabled.
 */
@Component(service = SocialSandbox.class, configurationPid = SandboxConfig.PID,
        configurationPolicy = ConfigurationPolicy.OPTIONAL, property = "enabled:Boolean=true")
@Designate(ocd = SandboxConfig.class)
public final class SocialSandbox {

    /** The target filter servlets use, so a disabled sandbox serves nothing. */
    public static final String ENABLED = "(enabled=true)";
    private static final Logger LOG = LoggerFactory.getLogger(SocialSandbox.class);

    private final SandboxClock clock;
    private final WireJson json = new WireJson();
    private final FaultPlan faults = new FaultPlan();
    private final RateLimits rateLimits;
    private final SentLog sent;
    private final DeliveryLog deliveries;
    private final ApiGateway gateway;
    private final ScheduledThreadPoolExecutor executor;
    private final HttpWebhookTransport transport;
    private final WebhookDispatcher dispatcher;
    private final XSimulation x;
    private final MetaSimulation meta;

    @Activate
    public SocialSandbox(SandboxConfig config, BundleContext context) {
        this(config, webhookBase(config.webhookBaseUrl(), context.getProperty("org.osgi.service.http.port")),
                Clock.systemUTC());
    }

    SocialSandbox(SandboxConfig config, URI webhookBase, Clock baseClock) {
        this.clock = new SandboxClock(baseClock);
        this.rateLimits = new RateLimits(clock, config.enforceRateLimits());
        this.sent = new SentLog(clock);
        this.deliveries = new DeliveryLog(clock);
        this.gateway = new ApiGateway(faults, sent, json);
        this.executor = new ScheduledThreadPoolExecutor(Math.max(1, config.deliveryThreads()), threads());
        executor.setRemoveOnCancelPolicy(true);
        this.transport = new HttpWebhookTransport(Math.max(1, config.deliveryThreads()) * 2,
                config.deliveryTimeoutMillis());
        this.dispatcher = new WebhookDispatcher(transport, executor, faults, deliveries);
        PlatformIds ids = new PlatformIds(clock);
        this.x = new XSimulation(new XAccount(config.xAccount(), config.xUserId(), config.xHandle(),
                config.xDisplayName(), config.xConsumerSecret()), webhookBase, json, ids, clock, rateLimits, dispatcher,
                config.echoSends());
        this.meta = new MetaSimulation(new MetaAccount(config.metaAccount(), config.metaPageId(), config.metaPageName(),
                config.metaInstagramId(), config.metaAppId(), config.metaAppSecret(), config.metaVerifyToken()),
                webhookBase, json, ids, clock, dispatcher, config.echoSends());
        LOG.info("Social sandbox up: X account {} (@{}) -> {}, Meta page {} ({}) -> {}", config.xAccount(),
                config.xHandle(), x.webhookUrl(), config.metaAccount(), config.metaPageId(), meta.webhookUrl());
    }

    static URI webhookBase(String configured, String httpPort) {
        String port = httpPort == null || httpPort.isBlank() ? "8080" : httpPort.strip();
        return URI.create(configured.replace(SandboxConfig.PORT_PLACEHOLDER, port));
    }

    @Deactivate
    void close() {
        executor.shutdownNow();
        try {
            executor.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        transport.close();
        LOG.info("Social sandbox stopped");
    }

    public PostedMessage post(CustomerPost post) {
        CustomerPost.Validated valid = post.validate();
        valid.account().filter(a -> !a.equals(accountName(valid.platform()))).ifPresent(a -> {
            throw new InvalidFieldException("account", "account '" + a + "' is not simulated on "
                    + valid.platform().key() + "; the sandbox plays '" + accountName(valid.platform()) + "'");
        });
        return valid.platform() == Platform.X ? x.post(valid) : meta.post(valid);
    }

    /** Sends {@code count} generated customer messages as fast as the delivery threads allow. */
    public CompletableFuture<List<WebhookDelivery>> burst(Platform platform, int count) {
        List<CompletableFuture<WebhookDelivery>> sends = new ArrayList<>(count);
        for (int i = 1; i <= count; i++) {
            Webhook webhook = platform == Platform.X ? x.generatedDirectMessage(i) : meta.generatedMessage(i);
            sends.add(dispatcher.deliverUnordered(webhook));
        }
        return CompletableFuture.allOf(sends.toArray(CompletableFuture[]::new))
                .thenApply(ignored -> sends.stream().map(CompletableFuture::join).toList());
    }

    public ApiGateway.Answer callApi(Platform platform, ApiRequest request) {
        PlatformApi api = platform == Platform.X ? x.api() : meta.api();
        return gateway.answer(platform, api, request);
    }

    /**
     * Runs the platform's subscription handshake against the connector: X's CRC check, or Meta's
     * {@code hub.challenge} verification (and that a wrong verify token is refused).
     */
    public Map<String, Object> checkWebhook(Platform platform) throws IOException {
        String nonce = UUID.randomUUID().toString().replace("-", "");
        if (platform == Platform.X) {
            String expected = WebhookSignatures.xCrcResponseToken(x.account().consumerSecret(), nonce);
            HttpWebhookTransport.Answer answer = transport.get(URI.create(x.webhookUrl() + "?crc_token=" + nonce
                    + "&nonce=" + nonce.substring(0, 8)), Map.of());
            String got = "";
            try {
                got = json.mapper().readTree(answer.body()).path("response_token").asText("");
            } catch (IOException e) {
                // not JSON: reported as a mismatch below
            }
            return Map.of("platform", "x", "url", x.webhookUrl().toString(), "status", answer.status(),
                    "ok", answer.status() == 200 && expected.equals(got));
        }
        String challenge = Long.toString(Math.abs(nonce.hashCode()) + 1_000_000_000L);
        HttpWebhookTransport.Answer answer = transport.get(URI.create(meta.webhookUrl() + "?hub.mode=subscribe"
                + "&hub.challenge=" + challenge + "&hub.verify_token=" + encode(meta.account().verifyToken())), Map.of());
        HttpWebhookTransport.Answer wrong = transport.get(URI.create(meta.webhookUrl() + "?hub.mode=subscribe"
                + "&hub.challenge=" + challenge + "&hub.verify_token=wrong-" + nonce), Map.of());
        return Map.of("platform", "meta", "url", meta.webhookUrl().toString(), "status", answer.status(),
                "wrongTokenStatus", wrong.status(),
                "ok", answer.status() == 200 && answer.body().strip().equals(challenge) && wrong.status() == 403);
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    /** The simulated accounts without their secrets, for the page and for test setup. */
    public Map<String, Object> accounts() {
        XAccount xa = x.account();
        MetaAccount ma = meta.account();
        return Map.of(
                "x", Map.of("account", xa.name(), "userId", xa.userId(), "handle", xa.handle(),
                        "webhookUrl", x.webhookUrl().toString(), "apiPath", "/sandbox/x"),
                "meta", Map.of("account", ma.name(), "pageId", ma.pageId(), "pageName", ma.pageName(),
                        "instagramId", ma.instagramId(), "appId", ma.appId(),
                        "webhookUrl", meta.webhookUrl().toString(), "apiPath", "/sandbox/meta"));
    }

    /** Forgets every post, send, delivery, fault, quota and clock shift. */
    public void reset() {
        x.reset();
        meta.reset();
        sent.clear();
        deliveries.clear();
        faults.reset();
        rateLimits.reset();
        clock.reset();
        LOG.info("Social sandbox reset");
    }

    /** Runs {@code task} on the sandbox's threads after {@code delayMillis}. */
    public void later(Runnable task, long delayMillis) {
        executor.schedule(task, delayMillis, TimeUnit.MILLISECONDS);
    }

    public FaultPlan faults() {
        return faults;
    }

    public SentLog sent() {
        return sent;
    }

    public DeliveryLog deliveries() {
        return deliveries;
    }

    public SandboxClock clock() {
        return clock;
    }

    public WireJson json() {
        return json;
    }

    private String accountName(Platform platform) {
        return platform == Platform.X ? x.account().name() : meta.account().name();
    }

    private static ThreadFactory threads() {
        AtomicInteger n = new AtomicInteger();
        return task -> {
            Thread thread = new Thread(task, "parley-sandbox-delivery-" + n.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
