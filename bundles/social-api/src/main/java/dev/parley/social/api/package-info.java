/**
 * Social channels for the helpdesk. A platform bundle registers one {@link
 * dev.parley.social.api.SocialPlatform} service per platform (X, Meta, ...) that verifies and
 * normalizes webhooks, polls and sends; the connector stores every verified {@link
 * dev.parley.social.api.InboundMessage} in the durable {@link dev.parley.social.api.SocialInbox},
 * from which a processor turns them into tickets.
 */
@Export
@Version("1.10.0")
package dev.parley.social.api;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
