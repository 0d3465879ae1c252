package dev.parley.social.meta.internal;

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
 * Meta's user profile APIs, with the Page token: Messenger's {@code GET /{PSID}?fields=first_name,
 * last_name,profile_pic} (no handle on Messenger) and Instagram's {@code GET /{IGSID}?fields=name,
 * username,profile_pic}; and the CDN domains Meta serves message media from.
 */
final class MetaProfiles {

    /** Messenger attachments (cdn.fbsbx.com, lookaside.fbsbx.com), pictures (scontent-*.fbcdn.net), Instagram. */
    static final Set<String> MEDIA_HOSTS = Set.of("fbcdn.net", "fbsbx.com", "cdninstagram.com");

    private final PlatformHttp http;

    MetaProfiles(PlatformHttp http) {
        this.http = http;
    }

    Optional<SocialProfile> lookup(SocialAccount account, String channel, String userId) throws IOException {
        boolean instagram = channel.equals("instagram");
        if (!instagram && !channel.equals("messenger")) {
            return Optional.empty(); // a Page comment's author comes with its name in the webhook
        }
        String url = account.apiBaseUrl(MetaPlatform.DEFAULT_API) + "/" + URLEncoder.encode(userId, StandardCharsets.UTF_8)
                + (instagram ? "?fields=name,username,profile_pic" : "?fields=first_name,last_name,profile_pic");
        PlatformHttp.Reply reply = http.get(url, Map.of("Authorization", "Bearer " + account.accessToken().orElse("")));
        if (!reply.ok()) {
            throw new IOException("Meta answered " + reply.status() + " to the user profile request");
        }
        JsonNode user;
        try {
            user = Json.object(reply.body(), "Meta user profile");
        } catch (MalformedEventException e) {
            throw new IOException(e.getMessage(), e);
        }
        Optional<String> name = instagram ? Json.text(user, "name") : fullName(user);
        return Optional.of(new SocialProfile(userId, name, instagram ? Json.text(user, "username") : Optional.empty(),
                Json.text(user, "profile_pic")));
    }

    private static Optional<String> fullName(JsonNode user) {
        String full = (Json.text(user, "first_name").orElse("") + " " + Json.text(user, "last_name").orElse("")).strip();
        return full.isEmpty() ? Optional.empty() : Optional.of(full);
    }
}
