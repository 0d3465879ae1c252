package dev.parley.social.sandbox.internal.wire;

import java.util.Arrays;
import java.util.Optional;

/** The platforms the sandbox plays, by the name used in paths and request bodies. */
public enum Platform {
    X("x"), META("meta"), WHATSAPP("whatsapp"), TELEGRAM("telegram");

    private final String key;

    Platform(String key) {
        this.key = key;
    }

    public String key() {
        return key;
    }

    public static Optional<Platform> of(String key) {
        return Arrays.stream(values()).filter(p -> p.key.equals(key)).findFirst();
    }
}
