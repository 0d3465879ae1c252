package dev.parley.social.api;

import java.util.Objects;

/**
 * The part of one verified webhook delivery that is addressed to one of the platform's accounts:
 * {@code accountId} is the platform's own id of that account (a Meta Page or Instagram account id
 * from {@code entry[].id}, an X user id from {@code for_user_id}), {@code body} the events for it
 * in the platform's own JSON, ready for {@link SocialPlatform#parse}. One platform app posts the
 * events of all its accounts to one URL; the connector routes each part to the configured account
 * with that {@code accountId}.
 */
public record DeliveryPart(String accountId, byte[] body) {

    public DeliveryPart {
        Objects.requireNonNull(accountId, "accountId");
        Objects.requireNonNull(body, "body");
    }
}
