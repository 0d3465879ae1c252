package dev.parley.social.x.internal;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.parley.social.api.SocialAccount;

/**
 * Media attached to X DMs: served from {@code https://ton.twitter.com/1.1/ton/data/dm/<dm id>/<media
 * id>/<file>} only to a GET signed with OAuth 1.0a by the receiving user ("For media in direct
 * messages, media_url ... must be accessed by signing a request with the user's access token using
 * OAuth 1.0A"). A DM's video or GIF is on {@code https://video.twimg.com/dm_video/…} or {@code
 * /dm_gif/…} and needs the same signature (the public {@code /ext_tw_video/} and {@code /tweet_video/}
 * of tweets do not). The same paths under the account's own API base URL (the sandbox, a test double)
 * are signed the same way; no other URL gets the signature or the account's consumer key and token.
 */
final class XDmMedia {

    static final String TON_HOST = "ton.twitter.com";
    static final String PATH = "/1.1/ton/data/dm/";
    static final String VIDEO_HOST = "video.twimg.com";
    static final List<String> VIDEO_PATHS = List.of("/dm_video/", "/dm_gif/");

    private final XOAuth1 oauth;

    XDmMedia(XOAuth1 oauth) {
        this.oauth = oauth;
    }

    Map<String, String> headers(SocialAccount account, String url) {
        if (!isDmMedia(account, url)) {
            return Map.of();
        }
        List<String> missing = new ArrayList<>();
        require(account.consumerKey(), "consumerKey", missing);
        require(account.consumerSecret(), "consumerSecret", missing);
        require(account.accessToken(), "accessToken", missing);
        require(account.accessTokenSecret(), "accessTokenSecret", missing);
        if (!missing.isEmpty()) {
            throw new IllegalStateException("X serves DM media only to requests signed with OAuth 1.0a as the "
                    + "receiving user; account " + account.name() + " has no " + String.join(", ", missing));
        }
        return Map.of("Authorization", oauth.authorizationForGet(url, account.consumerKey().get(),
                account.consumerSecret().get(), account.accessToken().get(), account.accessTokenSecret().get()));
    }

    static boolean isDmMedia(SocialAccount account, String url) {
        URI uri;
        try {
            uri = URI.create(url);
        } catch (IllegalArgumentException e) {
            return false;
        }
        String path = uri.getRawPath();
        if (uri.getHost() == null || path == null) {
            return false;
        }
        boolean https = "https".equalsIgnoreCase(uri.getScheme()) && (uri.getPort() < 0 || uri.getPort() == 443);
        if (https && TON_HOST.equalsIgnoreCase(uri.getHost())) {
            return path.startsWith(PATH);
        }
        if (https && VIDEO_HOST.equalsIgnoreCase(uri.getHost())) {
            return VIDEO_PATHS.stream().anyMatch(path::startsWith);
        }
        Optional<String> base = account.apiBaseUrl();
        return base.isPresent() && (url.startsWith(base.get() + PATH)
                || VIDEO_PATHS.stream().anyMatch(p -> url.startsWith(base.get() + p)));
    }

    private static void require(Optional<String> value, String name, List<String> missing) {
        if (value.isEmpty()) {
            missing.add(name);
        }
    }
}
