package dev.parley.helpdesk.api;

import java.util.Optional;

import org.osgi.annotation.versioning.ProviderType;

/**
 * The people behind tickets. A customer carries one identity per channel account they used, so
 * that the same person's public post and private message resolve to the same requester.
 */
@ProviderType
public interface CustomerService {

    /**
     * The customer owning this identity, created with {@code displayName} if none does yet. A
     * handle that changed on the platform is updated.
     */
    Customer resolve(ChannelIdentity identity, String displayName);

    Optional<Customer> get(long customerId);

    Optional<Customer> findByIdentity(String channel, String externalId);

    /**
     * Adds an identity to a customer. Throws {@link IllegalArgumentException} if the identity
     * already belongs to another customer.
     */
    Customer link(long customerId, ChannelIdentity identity);

    /**
     * Fills in what a platform's profile says about the customer owning {@code identity}: its
     * display name, the identity's handle (when present) and the avatar URL (when present).
     * Returns the customer as it is now; empty when no customer owns the identity.
     */
    Optional<Customer> updateProfile(ChannelIdentity identity, String displayName, Optional<String> avatarUrl);
}
