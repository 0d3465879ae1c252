package dev.parley.runtime;

import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.URI;
import java.util.function.BooleanSupplier;

/** Waits until {@code GET /health} answers 200: the HTTP server, the store and the ticket API are all up. */
final class ReadinessProbe {

    private final URI health;

    ReadinessProbe(String host, int port) {
        this.health = URI.create("http://" + host + ":" + port + "/health");
    }

    /** True once /health answers 200; false as soon as {@code giveUp} says so. */
    boolean await(BooleanSupplier giveUp) throws InterruptedException {
        while (!giveUp.getAsBoolean()) {
            if (answers()) {
                return true;
            }
            Thread.sleep(10);
        }
        return false;
    }

    private boolean answers() {
        try {
            HttpURLConnection connection = (HttpURLConnection) health.toURL().openConnection();
            connection.setConnectTimeout(200);
            connection.setReadTimeout(1000);
            try {
                return connection.getResponseCode() == 200;
            } finally {
                connection.disconnect();
            }
        } catch (IOException notYet) {
            return false;
        }
    }
}
