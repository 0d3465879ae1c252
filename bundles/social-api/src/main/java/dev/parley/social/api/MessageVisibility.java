package dev.parley.social.api;

/** Who sees a social message on the platform: anyone (a public post) or only us (a DM). */
public enum MessageVisibility {
    PUBLIC, PRIVATE
}
