package dev.parley.social.telegram.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Groups upgraded to supergroups. Telegram gives the supergroup a new chat id and deactivates the
 * group: the group's last message carries {@code migrate_to_chat_id}, the supergroup's first {@code
 * migrate_from_chat_id}, and a send to the old id fails with 400 and {@code
 * parameters.migrate_to_chat_id}. Each of them teaches this table; then a conversation begun in the
 * group goes on in the supergroup under its first key ({@link #origin}), and replies go to the
 * supergroup ({@link #current}). Kept in a file of the bundle's data area when one is given, so a
 * restart keeps it; bounded.
 */
final class ChatMigrations {

    private static final Logger LOG = LoggerFactory.getLogger(ChatMigrations.class);
    static final int MAX = 10_000;
    private static final int MAX_HOPS = 8;

    private final Optional<Path> file;
    private final Map<String, String> movedTo = new LinkedHashMap<>();
    /** The reverse of {@link #movedTo}, so every message's {@link #origin} costs no scan. */
    private final Map<String, String> movedFrom = new HashMap<>();

    ChatMigrations(Optional<Path> file) {
        this.file = file;
        file.filter(Files::isRegularFile).ifPresent(this::load);
    }

    /** Learns that {@code from} became {@code to}; true when that was news. */
    boolean learn(String from, String to) {
        if (from.equals(to) || !from.matches("-?[0-9]{1,20}") || !to.matches("-?[0-9]{1,20}")) {
            return false;
        }
        synchronized (this) {
            if (to.equals(movedTo.get(from))) {
                return false;
            }
            if (movedTo.size() >= MAX) {
                String eldest = movedTo.keySet().iterator().next();
                movedFrom.remove(movedTo.remove(eldest), eldest);
            }
            put(from, to);
            save();
        }
        LOG.info("Telegram group {} was upgraded to supergroup {}: its conversations continue there", from, to);
        return true;
    }

    /** The chat to send to for {@code chat}: the supergroup it became, if it did. */
    synchronized String current(String chat) {
        String at = chat;
        for (int i = 0; i < MAX_HOPS && movedTo.containsKey(at); i++) {
            at = movedTo.get(at);
        }
        return at;
    }

    /** The first chat whose conversations {@code chat} continues: the group it was before, if any. */
    synchronized String origin(String chat) {
        String at = chat;
        for (int i = 0; i < MAX_HOPS && movedFrom.containsKey(at); i++) {
            at = movedFrom.get(at);
        }
        return at;
    }

    private void put(String from, String to) {
        String before = movedTo.put(from, to);
        if (before != null) {
            movedFrom.remove(before, from);
        }
        movedFrom.put(to, from);
    }

    private void load(Path path) {
        Properties p = new Properties();
        try (InputStream in = Files.newInputStream(path)) {
            p.load(in);
            p.stringPropertyNames().forEach(k -> put(k, p.getProperty(k)));
        } catch (IOException | IllegalArgumentException e) {
            LOG.warn("Telegram group upgrades could not be read from {}: {}", path, e.toString());
        }
    }

    private void save() {
        if (file.isEmpty()) {
            return;
        }
        Properties p = new Properties();
        p.putAll(movedTo);
        Path target = file.get();
        try {
            Files.createDirectories(target.getParent());
            Path temp = target.resolveSibling(target.getFileName() + ".tmp");
            try (OutputStream out = Files.newOutputStream(temp)) {
                p.store(out, "Telegram groups upgraded to supergroups: old chat id = new chat id");
            }
            Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            LOG.warn("Telegram group upgrades could not be written to {}: {}", target, e.toString());
        }
    }
}
