package dev.parley.social.api;

/**
 * How an account's events reach Parley: pushed by the platform to the webhook URL, or fetched
 * by polling the platform's API (for accounts without webhook access).
 */
public enum ReceiveMode {
    WEBHOOK, POLL
}
