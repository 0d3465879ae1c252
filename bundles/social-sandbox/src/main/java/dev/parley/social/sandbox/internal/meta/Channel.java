package dev.parley.social.sandbox.internal.meta;

/** Where a Meta customer writes from: the webhook {@code object} and the window rules differ. */
public enum Channel {
    MESSENGER("page"), INSTAGRAM("instagram");

    private final String webhookObject;

    Channel(String webhookObject) {
        this.webhookObject = webhookObject;
    }

    String webhookObject() {
        return webhookObject;
    }
}
