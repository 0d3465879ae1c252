package dev.parley.runtime;

import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.URI;
import java.time.Duration;

/** Waits until {@code GET /health} answers 200: the HTTP server, the store and the ticket API are all up. */
final class ReadinessProbe {

    private final URI health;

    ReadinessProbe(int port) {
        this.health = URI.create("http://127.0.0.1:" + port + "/health");
    }

    boolean await(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
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
