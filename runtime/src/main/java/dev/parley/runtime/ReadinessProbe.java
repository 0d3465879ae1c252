package dev.parley.runtime;

import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.URI;
import java.util.function.BooleanSupplier;

/** Waits until {@code GET /health} answers 200: the HTTP server, the store and the ticket API are all up. */
final class ReadinessProbe {

    private static final long SLOW_PROBE_NANOS = 250_000_000L;

    private final URI health;

    ReadinessProbe(String host, int port) {
        this.health = URI.create("http://" + host + ":" + port + "/health");
    }

    /**
     * True once /health answers 200; false as soon as {@code giveUp} says so. Probes every 10 ms while
     * {@code registered} says the health servlet is there, else every 250 ms: each probe of a booting
     * server is a request it must handle, on the cores the boot needs.
     */
    boolean await(BooleanSupplier giveUp, BooleanSupplier registered) throws InterruptedException {
        long nextSlowProbe = System.nanoTime();
        while (!giveUp.getAsBoolean()) {
            long now = System.nanoTime();
            if (registered.getAsBoolean() || now - nextSlowProbe >= 0) {
                if (answers()) {
                    return true;
                }
                nextSlowProbe = now + SLOW_PROBE_NANOS;
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
