package dev.parley.social.sandbox.internal;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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
import dev.parley.social.sandbox.internal.telegram.TelegramApi;
import dev.parley.social.sandbox.internal.telegram.TelegramBot;
import dev.parley.social.sandbox.internal.telegram.TelegramSimulation;
import dev.parley.social.sandbox.internal.wire.ApiRequest;
import dev.parley.social.sandbox.internal.wire.Platform;
import dev.parley.social.sandbox.internal.wire.PlatformIds;
import dev.parley.social.sandbox.internal.wire.WebhookSignatures;
import dev.parley.social.sandbox.internal.wire.WireJson;
import dev.parley.social.sandbox.internal.whatsapp.WhatsAppAccount;
import dev.parley.social.sandbox.internal.whatsapp.WhatsAppSimulation;
import dev.parley.social.sandbox.internal.x.XAccount;
import dev.parley.social.sandbox.internal.x.XSimulation;

/**
 * The sandbox: a simulated X app with one or more users and a Meta app with one or more Pages
 * (each app's accounts post to its one webhook URL, signed with its one secret, carrying their own
 * ids), the webhook delivery they share (its
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
    private final WhatsAppSimulation whatsapp;
    private final TelegramSimulation telegram;
    /** Every simulated account of the app, the first one ({@link #x}, {@link #meta}) included, with its token. */
    private final List<Simulated<XSimulation>> xUsers = new ArrayList<>();
    private final List<Simulated<MetaSimulation>> metaPages = new ArrayList<>();

    /** One simulated account: its platform id and the access token that acts as it. */
    private record Simulated<S>(String id, String token, S simulation) {
    }

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
                config.xDisplayName(), config.xConsumerSecret(), config.xConsumerKey(), config.xAccessToken(),
                Optional.of(config.xAccessTokenSecret())), webhookBase, json, ids, clock, rateLimits, dispatcher,
                config.echoSends());
        this.meta = new MetaSimulation(new MetaAccount(config.metaAccount(), config.metaPageId(), config.metaPageName(),
                config.metaInstagramId(), config.metaAppId(), config.metaAppSecret(), config.metaVerifyToken()),
                webhookBase, json, ids, clock, dispatcher, config.echoSends());
        this.whatsapp = new WhatsAppSimulation(new WhatsAppAccount(config.whatsappAccount(),
                config.whatsappPhoneNumberId(), config.whatsappDisplayNumber(), config.whatsappBusinessAccountId(),
                config.whatsappAppSecret(), config.whatsappVerifyToken(), config.whatsappAccessToken(),
                WhatsAppAccount.templates(config.whatsappTemplates())), webhookBase, json, clock, dispatcher,
                this::later);
        this.telegram = new TelegramSimulation(new TelegramBot(config.telegramAccount(), config.telegramBotId(),
                config.telegramBotUsername(), "Acme Support", config.telegramBotToken(), config.telegramSecretToken(),
                config.telegramGroupId(), "Acme customers"), webhookBase, json, clock, dispatcher);
        xUsers.add(new Simulated<>(config.xUserId(), config.xAccessToken(), x));
        metaPages.add(new Simulated<>(config.metaPageId(), config.metaAccessToken(), meta));
        // more accounts of the same app: the app's one webhook URL and secret, their own ids and tokens
        for (String entry : config.xMoreUsers()) {
            String[] f = fields(entry, 3, "xMoreUsers", "userId:handle:accessToken[:accessTokenSecret]");
            xUsers.add(new Simulated<>(f[0], f[2], new XSimulation(new XAccount(config.xAccount(), f[0], f[1], f[1],
                    config.xConsumerSecret(), config.xConsumerKey(), f[2],
                    f.length > 3 ? Optional.of(f[3]) : Optional.empty()), webhookBase, json, ids, clock, rateLimits, dispatcher,
                    config.echoSends())));
        }
        for (String entry : config.metaMorePages()) {
            String[] f = fields(entry, 3, "metaMorePages", "pageId:pageName:accessToken[:instagramId]");
            metaPages.add(new Simulated<>(f[0], f[2], new MetaSimulation(new MetaAccount(config.metaAccount(), f[0],
                    f[1], f.length > 3 ? f[3] : "9" + f[0], config.metaAppId(), config.metaAppSecret(),
                    config.metaVerifyToken()), webhookBase, json, ids, clock, dispatcher, config.echoSends())));
        }
        LOG.info("Social sandbox up: X account {} (@{}, {} users) -> {}, Meta page {} ({}, {} pages) -> {}",
                config.xAccount(), config.xHandle(), xUsers.size(), x.webhookUrl(), config.metaAccount(),
                config.metaPageId(), metaPages.size(), meta.webhookUrl());
    }

    /** A configured {@code a:b:c[:d]} entry; an unusable one stops the sandbox with a clear reason. */
    private static String[] fields(String entry, int required, String setting, String shape) {
        String[] f = entry.strip().split(":");
        if (f.length < required || f.length > required + 1 || Arrays.stream(f).anyMatch(String::isBlank)) {
            throw new IllegalArgumentException(setting + " entries are " + shape + "; '" + entry.split(":")[0]
                    + ":…' is not");
        }
        return f;
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
        if (valid.platform() == Platform.X) {
            return pick(xUsers, valid.to(), "X user").post(valid);
        }
        if (valid.platform() == Platform.WHATSAPP) {
            return whatsapp.post(valid);
        }
        if (valid.platform() == Platform.TELEGRAM) {
            return telegram.post(valid);
        }
        return pick(metaPages, valid.to(), "Page").post(valid);
    }

    private static <S> S pick(List<Simulated<S>> accounts, Optional<String> to, String what) {
        if (to.isEmpty()) {
            return accounts.get(0).simulation();
        }
        return accounts.stream().filter(a -> a.id().equals(to.get())).findFirst().map(Simulated::simulation)
                .orElseThrow(() -> new InvalidFieldException("to", "no " + what + " " + to.get() + " is simulated; "
                        + "the app has " + accounts.stream().map(Simulated::id).toList()));
    }

    /** Sends {@code count} generated customer messages as fast as the delivery threads allow. */
    public CompletableFuture<List<WebhookDelivery>> burst(Platform platform, int count) {
        if (platform == Platform.TELEGRAM) {
            throw new InvalidFieldException("platform", "bursts are generated for x and meta only");
        }
        List<CompletableFuture<WebhookDelivery>> sends = new ArrayList<>(count);
        for (int i = 1; i <= count; i++) {
            Webhook webhook = platform == Platform.X ? x.generatedDirectMessage(i) : meta.generatedMessage(i);
            sends.add(dispatcher.deliverUnordered(webhook));
        }
        return CompletableFuture.allOf(sends.toArray(CompletableFuture[]::new))
                .thenApply(ignored -> sends.stream().map(CompletableFuture::join).toList());
    }

    public ApiGateway.Answer callApi(Platform platform, ApiRequest request) {
        // a platform knows the account by its token: an unknown one acts as the app's first account, as before
        if (platform == Platform.TELEGRAM) {
            return gateway.answer(platform, telegram.api(), TelegramApi.tokenFromPath(request), Optional.of(
                    telegram.bot().botId()));
        }
        Optional<String> token = request.authorization().or(() -> request.param("access_token"));
        if (platform == Platform.X) {
            Optional<Simulated<XSimulation>> user = actingAs(xUsers, token);
            return gateway.answer(platform, user.map(Simulated::simulation).orElse(x).api(), request,
                    user.map(Simulated::id));
        }
        if (platform == Platform.WHATSAPP) {
            return gateway.answer(platform, whatsapp.api(), request, Optional.of(whatsapp.account().phoneNumberId()));
        }
        Optional<Simulated<MetaSimulation>> page = actingAs(metaPages, token);
        return gateway.answer(platform, page.map(Simulated::simulation).orElse(meta).api(), request,
                page.map(Simulated::id));
    }

    private static <S> Optional<Simulated<S>> actingAs(List<Simulated<S>> accounts, Optional<String> token) {
        return token.flatMap(t -> accounts.stream().filter(a -> MessageDigest.isEqual(
                a.token().getBytes(StandardCharsets.UTF_8), t.getBytes(StandardCharsets.UTF_8))).findFirst());
    }

    /**
     * Runs the platform's subscription handshake against the connector: X's CRC check, or Meta's
     * {@code hub.challenge} verification (and that a wrong verify token is refused).
     */
    public Map<String, Object> checkWebhook(Platform platform) throws IOException {
        if (platform == Platform.TELEGRAM) {
            throw new InvalidFieldException("platform", "Telegram makes no webhook handshake: setWebhook's secret_token "
                    + "is checked on every update");
        }
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
        URI url = platform == Platform.WHATSAPP ? whatsapp.webhookUrl() : meta.webhookUrl();
        String verifyToken = platform == Platform.WHATSAPP ? whatsapp.account().verifyToken() : meta.account().verifyToken();
        HttpWebhookTransport.Answer answer = transport.get(URI.create(url + "?hub.mode=subscribe"
                + "&hub.challenge=" + challenge + "&hub.verify_token=" + encode(verifyToken)), Map.of());
        HttpWebhookTransport.Answer wrong = transport.get(URI.create(url + "?hub.mode=subscribe"
                + "&hub.challenge=" + challenge + "&hub.verify_token=wrong-" + nonce), Map.of());
        return Map.of("platform", platform.key(), "url", url.toString(), "status", answer.status(),
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
        TelegramBot tb = telegram.bot();
        return Map.of(
                "telegram", Map.of("account", tb.account(), "botId", tb.botId(), "username", tb.username(),
                        "groupId", tb.groupId(), "webhookUrl", telegram.webhookUrl().toString(),
                        "webhookSet", telegram.webhookSet(), "apiPath", "/sandbox/telegram"),
                "x", Map.of("account", xa.name(), "userId", xa.userId(), "handle", xa.handle(),
                        "webhookUrl", x.webhookUrl().toString(), "apiPath", "/sandbox/x"),
                "meta", Map.of("account", ma.name(), "pageId", ma.pageId(), "pageName", ma.pageName(),
                        "instagramId", ma.instagramId(), "appId", ma.appId(),
                        "webhookUrl", meta.webhookUrl().toString(), "apiPath", "/sandbox/meta"),
                "whatsapp", Map.of("account", whatsapp.account().name(), "phoneNumberId",
                        whatsapp.account().phoneNumberId(), "displayNumber", whatsapp.account().displayNumber(),
                        "businessAccountId", whatsapp.account().businessAccountId(),
                        "templates", whatsapp.account().templates().stream().map(t -> t.name() + ":" + t.language()
                                + ":" + t.parameters()).toList(),
                        "webhookUrl", whatsapp.webhookUrl().toString(), "apiPath", "/sandbox/whatsapp"),
                "xUsers", xUsers.stream().map(u -> Map.of("userId", u.id(), "handle",
                        u.simulation().account().handle())).toList(),
                "metaPages", metaPages.stream().map(p -> Map.of("pageId", p.id(), "pageName",
                        p.simulation().account().pageName(), "instagramId", p.simulation().account().instagramId()))
                        .toList());
    }

    /** Forgets every post, send, delivery, fault, quota and clock shift. */
    public void reset() {
        xUsers.forEach(u -> u.simulation().reset());
        metaPages.forEach(p -> p.simulation().reset());
        whatsapp.reset();
        telegram.reset();
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
        if (platform == Platform.TELEGRAM) {
            return telegram.bot().account();
        }
        return platform == Platform.X ? x.account().name()
                : platform == Platform.WHATSAPP ? whatsapp.account().name() : meta.account().name();
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
