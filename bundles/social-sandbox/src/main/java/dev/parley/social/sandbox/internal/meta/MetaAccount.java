package dev.parley.social.sandbox.internal.meta;

/**
 * The simulated Facebook Page (and its linked Instagram account) a connector would subscribe.
 * {@code appSecret} signs webhooks; {@code verifyToken} answers the subscription handshake.
 */
public record MetaAccount(String name, String pageId, String pageName, String instagramId, String appId,
        String appSecret, String verifyToken) {

    /** The page's post customers comment on when a comment names no post. */
    String defaultPostId() {
        return pageId + "_100000000000001";
    }
}
