package dev.parley.social.sandbox.internal.x;

import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

import dev.parley.social.sandbox.internal.customer.CustomerPost;
import dev.parley.social.sandbox.internal.delivery.CapturingSink;
import dev.parley.social.sandbox.internal.faults.RateLimits;
import dev.parley.social.sandbox.internal.faults.SandboxClock;
import dev.parley.social.sandbox.internal.wire.PlatformIds;
import dev.parley.social.sandbox.internal.wire.WireJson;

/** The simulation under test, with a fixed clock tests can advance and a sink that keeps the webhooks. */
abstract class XFixture {

    static final XAccount ACCOUNT = new XAccount("sandbox-x", "1000000001", "acme", "Acme Support", "sandbox-x-secret");
    static final Instant NOW = Instant.parse("2018-10-10T20:19:24Z");

    final SandboxClock clock = new SandboxClock(Clock.fixed(NOW, ZoneOffset.UTC));
    final WireJson json = new WireJson();
    final CapturingSink sink = new CapturingSink();
    final XSimulation x = new XSimulation(ACCOUNT, URI.create("http://127.0.0.1:8080/"), json, new PlatformIds(clock),
            clock, new RateLimits(clock, false), sink, true);

    static CustomerPost.Validated post(String kind, String text) {
        return new CustomerPost("x", null, kind, null, "jane_doe", "Jane Doe", 1234, true, text, null, null).validate();
    }
}
