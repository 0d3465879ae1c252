package dev.parley.social.connector.internal.account;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.parley.social.api.ReceiveMode;
import dev.parley.social.api.SocialAccount;

/**
 * One configured account, made by {@link AccountConfigurations} from a factory configuration, so
 * adding, changing or deleting the .cfg file adds, replaces or removes it in the {@link
 * AccountDirectory} while everything else keeps running. It is no DS component on purpose: DS would
 * make the configuration, secrets included, component properties that {@code scr:info} prints.
 * Settings that make it unusable are kept as {@link #problems()} and shown in the account's health.
 */
public final class ConfiguredAccount {

    private static final Logger LOG = LoggerFactory.getLogger(ConfiguredAccount.class);
    private static final String TELEGRAM = "telegram";

    private final SocialAccount account;
    private final Duration pollInterval;
    private final List<String> problems;
    private final AccountDirectory directory;
    private final List<String> mediaHosts;
    private final List<String> linkedAccountIds;

    /** The account of one factory configuration, added to the directory. */
    static ConfiguredAccount configured(AccountDirectory directory, AccountConfig config,
            java.util.Map<String, String> platformSettings, String pid) {
        ConfiguredAccount configured = new ConfiguredAccount(from(config, platformSettings, pid),
                Duration.ofSeconds(Math.max(1, config.pollIntervalSeconds())), directory,
                mediaHosts(config.mediaHosts()), list(config.linkedAccountIds()));
        directory.add(configured);
        LOG.info("Social account '{}' ({}, {}) configured{}", configured.name(), configured.account.platform(),
                configured.account.mode().name().toLowerCase(Locale.ROOT),
                configured.problems.isEmpty() ? "" : ": " + configured.problems);
        return configured;
    }

    void removed() {
        directory.remove(this);
        LOG.info("Social account '{}' removed or reconfigured", account.name());
    }

    /** An account without ConfigAdmin (tests). */
    public static ConfiguredAccount of(SocialAccount account, Duration pollInterval, AccountDirectory directory) {
        return new ConfiguredAccount(account, pollInterval, directory, List.of(), List.of());
    }

    /** An account without ConfigAdmin whose media may come from {@code mediaHosts} (tests). */
    public static ConfiguredAccount of(SocialAccount account, Duration pollInterval, AccountDirectory directory,
            List<String> mediaHosts) {
        return new ConfiguredAccount(account, pollInterval, directory, mediaHosts, List.of());
    }

    /** An account without ConfigAdmin that also answers the events of {@code linkedAccountIds} (tests). */
    public static ConfiguredAccount linked(SocialAccount account, Duration pollInterval, AccountDirectory directory,
            List<String> linkedAccountIds) {
        return new ConfiguredAccount(account, pollInterval, directory, List.of(), linkedAccountIds);
    }

    private ConfiguredAccount(SocialAccount account, Duration pollInterval, AccountDirectory directory,
            List<String> mediaHosts, List<String> linkedAccountIds) {
        this.directory = directory;
        this.mediaHosts = List.copyOf(mediaHosts);
        this.linkedAccountIds = List.copyOf(linkedAccountIds);
        this.account = account;
        this.pollInterval = pollInterval;
        this.problems = List.copyOf(check(account));
    }

    /**
     * The account a configuration describes. Missing required settings become empty values that
     * {@link #check} reports (a log line and the accounts API), never an exception: a component whose
     * activation threw is not retried when its configuration is completed, so the account would stay
     * missing until a restart.
     */
    static SocialAccount from(AccountConfig c, String pid) {
        return from(c, java.util.Map.of(), pid);
    }

    static SocialAccount from(AccountConfig c, java.util.Map<String, String> platformSettings, String pid) {
        String name = c.name().isBlank() ? nameFromPid(pid) : c.name().strip();
        String platform = text(c.platform()).toLowerCase(Locale.ROOT);
        String configuredMode = text(c.mode());
        // a Telegram bot needs no public URL when it polls getUpdates: that is its default
        ReceiveMode mode = "poll".equalsIgnoreCase(configuredMode)
                || (configuredMode.isEmpty() && TELEGRAM.equals(platform)) ? ReceiveMode.POLL : ReceiveMode.WEBHOOK;
        // Telegram's botToken is the account's API token, its secretToken what its webhook calls must carry
        String accessToken = c.accessToken().isBlank() ? text(c.botToken()) : c.accessToken();
        String verifyToken = c.verifyToken().isBlank() ? text(c.secretToken()) : c.verifyToken();
        return new SocialAccount(name, platform, text(c.accountId()),
                Optional.of(c.handle()), Optional.of(c.consumerSecret()), Optional.of(c.appSecret()),
                Optional.of(verifyToken), Optional.of(accessToken), mode, Optional.of(c.apiBaseUrl()),
                Optional.of(c.consumerKey()).map(String::strip), Optional.of(c.accessTokenSecret()),
                platformSettings);
    }

    private static String text(String setting) {
        return setting == null ? "" : setting.strip();
    }

    /** FileInstall names a factory configuration {@code <factoryPid>~<name>} (or {@code .<name>} in older ConfigAdmins). */
    static String nameFromPid(String pid) {
        int tilde = pid.lastIndexOf('~');
        if (tilde >= 0) {
            return pid.substring(tilde + 1);
        }
        return pid.startsWith(AccountConfig.FACTORY_PID + ".") ? pid.substring(AccountConfig.FACTORY_PID.length() + 1)
                : pid;
    }

    private static List<String> check(SocialAccount a) {
        List<String> problems = new ArrayList<>();
        if (!a.name().matches("[A-Za-z0-9._-]+")) {
            problems.add("name '" + a.name() + "' must be letters, digits, '.', '_' or '-' (it is a URL segment)");
        }
        if (a.platform().isBlank()) {
            problems.add("platform is missing (x, meta, whatsapp or another platform plugin's id)");
        }
        if (a.accountId().isBlank()) {
            problems.add("accountId is empty");
        }
        switch (a.platform()) {
            case "x" -> {
                if (a.mode() == ReceiveMode.WEBHOOK && a.consumerSecret().isEmpty()) {
                    problems.add("consumerSecret is required to verify X webhooks");
                }
                if (a.mode() == ReceiveMode.POLL && a.accessToken().isEmpty()) {
                    problems.add("accessToken is required to poll X");
                }
            }
            case "meta" -> {
                if (a.appSecret().isEmpty()) {
                    problems.add("appSecret is required to verify Meta webhooks");
                }
                if (a.verifyToken().isEmpty()) {
                    problems.add("verifyToken is required to answer Meta's verification");
                }
                if (a.mode() == ReceiveMode.POLL) {
                    problems.add("Meta cannot be polled; use mode=webhook");
                }
            }
            case "whatsapp" -> {
                if (a.appSecret().isEmpty()) {
                    problems.add("appSecret is required to verify WhatsApp webhooks");
                }
                if (a.verifyToken().isEmpty()) {
                    problems.add("verifyToken is required to answer WhatsApp's webhook verification");
                }
                if (a.accessToken().isEmpty()) {
                    problems.add("accessToken is required to send WhatsApp messages and download media");
                }
                if (a.mode() == ReceiveMode.POLL) {
                    problems.add("WhatsApp cannot be polled; use mode=webhook");
                }
            }
            case TELEGRAM -> {
                if (a.accessToken().isEmpty()) {
                    problems.add("botToken is required to call the Telegram Bot API");
                } else if (!a.accessToken().get().startsWith(a.accountId() + ":")) {
                    problems.add("accountId must be the bot's id, the part of botToken before ':'");
                }
                if (a.mode() == ReceiveMode.WEBHOOK && a.verifyToken().isEmpty()) {
                    problems.add("secretToken is required to check Telegram webhook calls (or use mode=poll)");
                }
            }
            default -> { } // another bundle's platform: the directory reports whether its service is there
        }
        return problems;
    }

    public SocialAccount account() {
        return account;
    }

    public String name() {
        return account.name();
    }

    public Duration pollInterval() {
        return pollInterval;
    }

    /** The domains this account's media may be fetched from; empty: the platform's own CDN domains. */
    public List<String> mediaHosts() {
        return mediaHosts;
    }

    /** Whether events addressed to the platform account {@code platformAccountId} are this account's. */
    public boolean answersFor(String platformAccountId) {
        return account.accountId().equals(platformAccountId) || linkedAccountIds.contains(platformAccountId);
    }

    private static List<String> mediaHosts(String[] configured) {
        return list(configured).stream().map(h -> h.toLowerCase(Locale.ROOT)).toList();
    }

    private static List<String> list(String[] configured) {
        return configured == null ? List.of() : java.util.Arrays.stream(configured)
                .flatMap(h -> java.util.Arrays.stream(h.split(","))).map(String::strip).filter(h -> !h.isEmpty()).toList();
    }

    /** What is wrong with the settings; empty when the account can work. */
    public List<String> problems() {
        return problems;
    }
}
