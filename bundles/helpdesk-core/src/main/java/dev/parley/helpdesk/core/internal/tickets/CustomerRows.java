package dev.parley.helpdesk.core.internal.tickets;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.parley.helpdesk.api.ChannelIdentity;
import dev.parley.helpdesk.api.Customer;
import dev.parley.helpdesk.api.store.AnyOf;

/** SQL for customers and their channel identities. */
final class CustomerRows {

    Map<Long, Customer> load(Connection connection, Collection<Long> ids) throws SQLException {
        Map<Long, Customer> result = new HashMap<>();
        if (ids.isEmpty()) {
            return result;
        }
        Map<Long, String> names = new LinkedHashMap<>();
        Map<Long, String> avatars = new HashMap<>();
        try (PreparedStatement ps = connection.prepareStatement(
                "SELECT id, display_name, avatar_url FROM customers WHERE id = ANY(?)")) {
            AnyOf.longs(ps, 1, ids);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    names.put(rs.getLong(1), rs.getString(2));
                    if (rs.getString(3) != null) {
                        avatars.put(rs.getLong(1), rs.getString(3));
                    }
                }
            }
        }
        Map<Long, List<ChannelIdentity>> identities = new HashMap<>();
        try (PreparedStatement ps = connection.prepareStatement("SELECT customer_id, channel, external_id, handle "
                + "FROM customer_identities WHERE customer_id = ANY(?) ORDER BY channel, external_id")) {
            AnyOf.longs(ps, 1, ids);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    identities.computeIfAbsent(rs.getLong(1), k -> new ArrayList<>()).add(
                            new ChannelIdentity(rs.getString(2), rs.getString(3), Optional.ofNullable(rs.getString(4))));
                }
            }
        }
        names.forEach((id, name) -> result.put(id, new Customer(id, name, identities.getOrDefault(id, List.of()),
                Optional.ofNullable(avatars.get(id)))));
        return result;
    }

    Optional<Customer> load(Connection connection, long id) throws SQLException {
        return Optional.ofNullable(load(connection, List.of(id)).get(id));
    }

    Optional<Long> ownerOf(Connection connection, String channel, String externalId) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement(
                "SELECT customer_id FROM customer_identities WHERE channel = ? AND external_id = ?")) {
            ps.setString(1, channel);
            ps.setString(2, externalId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(rs.getLong(1)) : Optional.empty();
            }
        }
    }

    long insertCustomer(Connection connection, String displayName, long now) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement(
                "INSERT INTO customers (display_name, created_at) VALUES (?, ?)", Statement.RETURN_GENERATED_KEYS)) {
            ps.setString(1, displayName);
            ps.setLong(2, now);
            ps.executeUpdate();
            return GeneratedKeys.generatedKey(ps);
        }
    }

    void insertIdentity(Connection connection, long customerId, ChannelIdentity identity) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement(
                "INSERT INTO customer_identities (channel, external_id, customer_id, handle) VALUES (?, ?, ?, ?)")) {
            ps.setString(1, identity.channel());
            ps.setString(2, identity.externalId());
            ps.setLong(3, customerId);
            ps.setString(4, identity.handle().orElse(null));
            ps.executeUpdate();
        }
    }

    void updateHandle(Connection connection, ChannelIdentity identity) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement("UPDATE customer_identities SET handle = ? "
                + "WHERE channel = ? AND external_id = ? AND (handle IS NULL OR handle <> ?)")) {
            ps.setString(1, identity.handle().orElseThrow());
            ps.setString(2, identity.channel());
            ps.setString(3, identity.externalId());
            ps.setString(4, identity.handle().orElseThrow());
            ps.executeUpdate();
        }
    }

    /** Sets the customer's name and, when given, avatar; whether anything changed. */
    boolean updateProfile(Connection connection, long customerId, String displayName, Optional<String> avatarUrl)
            throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement("UPDATE customers SET display_name = ?, "
                + "avatar_url = COALESCE(?, avatar_url) WHERE id = ? AND (display_name <> ? "
                + "OR (CAST(? AS VARCHAR) IS NOT NULL AND (avatar_url IS NULL OR avatar_url <> ?)))")) {
            ps.setString(1, displayName);
            ps.setString(2, avatarUrl.orElse(null));
            ps.setLong(3, customerId);
            ps.setString(4, displayName);
            ps.setString(5, avatarUrl.orElse(null));
            ps.setString(6, avatarUrl.orElse(null));
            return ps.executeUpdate() > 0;
        }
    }
}
