package dev.parley.social.api;

import java.io.IOException;
import java.io.InputStream;
import java.util.Optional;

import org.osgi.annotation.versioning.ProviderType;

/**
 * The bytes of a file an agent's reply carries from Parley's own attachment store, for a platform
 * that uploads files ({@code POST /{phone_number_id}/media} on WhatsApp, a multipart {@code
 * sendPhoto}/{@code sendDocument} on Telegram) rather than sending a link: the real MIME type
 * ({@code mediaType}, decided from the bytes when they were stored), the exact {@code size} in
 * bytes, a file name when one is known, and a fresh stream each time {@link #open()} is called
 * (the caller closes it). The connector provides it; it is only valid while the send runs.
 *
 * @since 1.8
 */
@ProviderType
public interface MediaContent {

    String mediaType();

    long size();

    Optional<String> fileName();

    InputStream open() throws IOException;
}
