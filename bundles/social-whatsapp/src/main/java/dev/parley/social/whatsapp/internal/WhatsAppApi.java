package dev.parley.social.whatsapp.internal;

import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;

import dev.parley.social.api.MalformedEventException;
import dev.parley.social.api.PlatformHttp;
import dev.parley.social.api.SocialAccount;
import dev.parley.social.kit.Json;

/**
 * Where an account's Cloud API lives ({@code apiBaseUrl}, default {@code https://graph.facebook.com},
 * plus the Graph API version, the account setting {@code apiVersion}, default {@link
 * #DEFAULT_VERSION}) and the media API: a received file is named by its media id, and {@code GET
 * /{version}/{media_id}} with the account's token answers a URL valid for 5 minutes, which is
 * downloaded with the same token at once.
 */
final class WhatsAppApi {

    static final String DEFAULT_BASE = "https://graph.facebook.com";
    static final String DEFAULT_VERSION = "v23.0";
    /** The account file key naming the Graph API version. */
    static final String VERSION_SETTING = "apiVersion";

    private final PlatformHttp http;

    WhatsAppApi(PlatformHttp http) {
        this.http = http;
    }

    /** {@code {apiBaseUrl}/{version}}, without a trailing slash. */
    static String versioned(SocialAccount account) {
        String version = account.setting(VERSION_SETTING).map(String::strip).orElse(DEFAULT_VERSION);
        return account.apiBaseUrl(DEFAULT_BASE) + "/" + version;
    }

    static Map<String, String> auth(SocialAccount account) {
        return Map.of("Authorization", "Bearer " + account.accessToken().orElse(""));
    }

    /** Where a received media id is looked up: kept as the attachment's source URL. */
    String mediaUrl(SocialAccount account, String mediaId) {
        return versioned(account) + "/" + URLEncoder.encode(mediaId, StandardCharsets.UTF_8);
    }

    /**
     * The download URL of a media id URL made by {@link #mediaUrl} (any other URL as it is), asked
     * of the media API now, since what it answers expires in 5 minutes.
     */
    String resolve(SocialAccount account, String url) throws IOException {
        String prefix = versioned(account) + "/";
        if (!url.startsWith(prefix) || url.substring(prefix.length()).contains("/")) {
            return url;
        }
        PlatformHttp.Reply reply = http.get(url, auth(account));
        if (!reply.ok()) {
            throw new IOException("WhatsApp answered " + reply.status() + " to the media lookup"
                    + errorDetail(reply).map(d -> ": " + d).orElse(""));
        }
        try {
            JsonNode media = Json.object(reply.body(), "WhatsApp media lookup");
            return Json.text(media, "url").orElseThrow(() -> new IOException("the WhatsApp media lookup has no url"));
        } catch (MalformedEventException e) {
            throw new IOException(e.getMessage(), e);
        }
    }

    static Optional<String> errorDetail(PlatformHttp.Reply reply) {
        try {
            JsonNode error = Json.object(reply.body(), "WhatsApp error").path("error");
            return Json.text(error, "message");
        } catch (MalformedEventException e) {
            return Optional.empty();
        }
    }
}
