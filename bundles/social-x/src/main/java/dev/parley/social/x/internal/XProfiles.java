package dev.parley.social.x.internal;

import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;

import dev.parley.social.api.MalformedEventException;
import dev.parley.social.api.PlatformHttp;
import dev.parley.social.api.SocialAccount;
import dev.parley.social.api.SocialProfile;
import dev.parley.social.kit.Json;

/**
 * X's users lookup ({@code GET /2/users/:id?user.fields=profile_image_url}: {@code id}, {@code
 * name}, {@code username} and the avatar), and the hosts X serves media from.
 */
final class XProfiles {

    /** pbs.twimg.com (pictures, avatars), video.twimg.com (videos, GIFs), ton.twitter.com (DM pictures, signed). */
    static final Set<String> MEDIA_HOSTS = Set.of("twimg.com", XDmMedia.TON_HOST);

    private final PlatformHttp http;

    XProfiles(PlatformHttp http) {
        this.http = http;
    }

    Optional<SocialProfile> lookup(SocialAccount account, String userId) throws IOException {
        String url = account.apiBaseUrl(XPlatform.DEFAULT_API) + "/2/users/"
                + URLEncoder.encode(userId, StandardCharsets.UTF_8) + "?user.fields=profile_image_url";
        PlatformHttp.Reply reply = http.get(url, Map.of("Authorization", "Bearer " + account.accessToken().orElse("")));
        if (reply.status() == 404) {
            return Optional.empty(); // a deleted or suspended user: nothing to learn, nothing to retry
        }
        if (!reply.ok()) {
            throw new IOException("X answered " + reply.status() + " to the users lookup");
        }
        JsonNode user;
        try {
            user = Json.object(reply.body(), "X users lookup").path("data");
        } catch (MalformedEventException e) {
            throw new IOException(e.getMessage(), e);
        }
        if (!user.isObject()) {
            return Optional.empty();
        }
        return Optional.of(new SocialProfile(userId, Json.text(user, "name"), Json.text(user, "username"),
                Json.text(user, "profile_image_url")));
    }
}
