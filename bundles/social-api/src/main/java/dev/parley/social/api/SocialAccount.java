package dev.parley.social.api;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A configured platform account as handed to a {@link SocialPlatform}: its {@code name} (the
 * last segment of its webhook URL), the platform's id for it ({@code accountId}: an X user id, a
 * Page or Instagram id), its handle, its secrets and where its API lives ({@code apiBaseUrl}
 * empty means the platform's real API). X's OAuth 1.0a user context (which X requires to download
 * DM media) is {@code consumerKey} + {@code consumerSecret} (the app's) with {@code accessToken} +
 * {@code accessTokenSecret} (the user's), since 1.6.
 * {@code settings} (since 1.6) are the other keys of the account's file, which only its platform
 * reads (WhatsApp's {@code templates}); their values are never logged either. {@link #toString()}
 * never shows a secret; nor may anything else that logs or returns an account.
 */
public record SocialAccount(
        String name,
        String platform,
        String accountId,
        Optional<String> handle,
        Optional<String> consumerSecret,
        Optional<String> appSecret,
        Optional<String> verifyToken,
        Optional<String> accessToken,
        ReceiveMode mode,
        Optional<String> apiBaseUrl,
        Optional<String> consumerKey,
        Optional<String> accessTokenSecret,
        Map<String, String> settings) {

    /** The 1.5 shape, without the OAuth 1.0a consumer key and token secret and without platform settings. */
    public SocialAccount(String name, String platform, String accountId, Optional<String> handle,
            Optional<String> consumerSecret, Optional<String> appSecret, Optional<String> verifyToken,
            Optional<String> accessToken, ReceiveMode mode, Optional<String> apiBaseUrl) {
        this(name, platform, accountId, handle, consumerSecret, appSecret, verifyToken, accessToken, mode, apiBaseUrl,
                Optional.empty(), Optional.empty(), Map.of());
    }

    public SocialAccount {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(platform, "platform");
        Objects.requireNonNull(accountId, "accountId");
        Objects.requireNonNull(mode, "mode");
        handle = blankToEmpty(handle);
        consumerSecret = blankToEmpty(consumerSecret);
        appSecret = blankToEmpty(appSecret);
        verifyToken = blankToEmpty(verifyToken);
        accessToken = blankToEmpty(accessToken);
        consumerKey = blankToEmpty(consumerKey);
        accessTokenSecret = blankToEmpty(accessTokenSecret);
        apiBaseUrl = blankToEmpty(apiBaseUrl).map(url -> url.endsWith("/") ? url.substring(0, url.length() - 1) : url);
        settings = settings == null ? Map.of() : Map.copyOf(settings);
    }

    /** A platform setting of the account's file, if set and not blank. @since 1.6 */
    public Optional<String> setting(String key) {
        return Optional.ofNullable(settings.get(key)).filter(v -> !v.isBlank());
    }

    private static Optional<String> blankToEmpty(Optional<String> value) {
        return value == null ? Optional.empty() : value.filter(v -> !v.isBlank());
    }

    /** The API base URL to call: the configured one, else {@code platformDefault}, without a trailing slash. */
    public String apiBaseUrl(String platformDefault) {
        return apiBaseUrl.orElse(platformDefault);
    }

    @Override
    public String toString() {
        return "SocialAccount[name=" + name + ", platform=" + platform + ", accountId=" + accountId + ", handle="
                + handle.orElse("") + ", mode=" + mode + ", apiBaseUrl=" + apiBaseUrl.orElse("(default)")
                + ", secrets=" + (consumerSecret.isPresent() || appSecret.isPresent() || verifyToken.isPresent()
                        || accessToken.isPresent() || accessTokenSecret.isPresent() ? "***" : "none")
                + (settings.isEmpty() ? "" : ", settings=" + new java.util.TreeSet<>(settings.keySet())) + "]";
    }
}
