package dev.parley.social.sandbox.internal.meta;

/** A Meta customer: {@code id} is the page-scoped (PSID) or Instagram-scoped (IGSID) id. */
public record MetaUser(String id, String name, String username, Channel channel) {
}
