package dev.parley.social.sandbox.internal.meta;

import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

import com.fasterxml.jackson.databind.JsonNode;

import dev.parley.social.sandbox.internal.customer.CustomerPost;
import dev.parley.social.sandbox.internal.delivery.CapturingSink;
import dev.parley.social.sandbox.internal.delivery.Webhook;
import dev.parley.social.sandbox.internal.faults.SandboxClock;
import dev.parley.social.sandbox.internal.wire.PlatformIds;
import dev.parley.social.sandbox.internal.wire.WireJson;

/** The simulation under test, with a fixed clock tests can advance and a sink that keeps the webhooks. */
abstract class MetaFixture {

    static final MetaAccount ACCOUNT = new MetaAccount("sandbox-meta", "2000000001", "Acme", "3000000001",
            "4000000001", "sandbox-meta-secret", "sandbox-verify");
    static final Instant NOW = Instant.parse("2026-01-31T12:00:00Z");

    final SandboxClock clock = new SandboxClock(Clock.fixed(NOW, ZoneOffset.UTC));
    final WireJson json = new WireJson();
    final CapturingSink sink = new CapturingSink();
    final MetaSimulation meta = new MetaSimulation(ACCOUNT, URI.create("http://127.0.0.1:8080"), json,
            new PlatformIds(clock), clock, sink, true);

    static CustomerPost.Validated post(String kind, String text, String inReplyTo) {
        return new CustomerPost("meta", "sandbox-meta", kind, null, "jane", "Jane Doe", null, null, text, inReplyTo,
                null).validate();
    }

    JsonNode parse(Webhook webhook) throws Exception {
        return json.mapper().readTree(webhook.body());
    }
}
