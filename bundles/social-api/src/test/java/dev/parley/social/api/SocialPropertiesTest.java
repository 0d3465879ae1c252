package dev.parley.social.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

class SocialPropertiesTest {

    /** Keys a platform bundle sets under its own namespace (PREFIX + "telegram." ...), documented with the platform. */
    private static final List<String> PLATFORM_NAMESPACES = List.of("telegram.", "feed.", "mention.");

    private static List<String> constants(Class<?> type) throws IllegalAccessException {
        List<String> values = new ArrayList<>();
        for (Field f : type.getFields()) {
            if (Modifier.isStatic(f.getModifiers()) && f.getType() == String.class) {
                values.add((String) f.get(null));
            }
        }
        return values;
    }

    @Test
    void everyKeyIsUnderThePrefixAndNoTwoShareAName() throws Exception {
        List<String> keys = constants(SocialProperties.class);
        assertThat(keys).hasSizeGreaterThan(30).allMatch(k -> k.startsWith(SocialProperties.PREFIX)).doesNotHaveDuplicates();
    }

    /** The documentation names only keys the code defines: a renamed key fails here until the docs follow. */
    @Test
    void everyMessagePropertyTheDocsNameIsDefined() throws Exception {
        Set<String> defined = new HashSet<>(constants(SocialProperties.class));
        for (String key : constants(InboundMessage.class)) {
            defined.add(SocialProperties.PREFIX + key); // an inbound message's own properties, stored under the prefix
        }
        Path docs = Path.of("../../docs/PLATFORMS-COVERAGE.md");
        Path readme = Path.of("../../README.md");
        Pattern named = Pattern.compile("`(social\\.[A-Za-z.{},<>]+)`");
        List<String> undefined = new ArrayList<>();
        int checked = 0;
        for (Path file : List.of(docs, readme)) {
            Matcher m = named.matcher(read(file));
            while (m.find()) {
                for (String key : expand(m.group(1))) {
                    String rest = key.substring(SocialProperties.PREFIX.length());
                    if (PLATFORM_NAMESPACES.stream().anyMatch(rest::startsWith)) {
                        continue;
                    }
                    checked++;
                    boolean ok = key.endsWith(".<n>") ? defined.contains(key.substring(0, key.length() - 3))
                            : defined.contains(key);
                    if (!ok) {
                        undefined.add(file.getFileName() + ": " + key);
                    }
                }
            }
        }
        assertThat(checked).as("keys found in the docs").isGreaterThan(15);
        assertThat(undefined).isEmpty();
    }

    /** {@code social.referral.{source,type}} → both keys. */
    private static List<String> expand(String key) {
        int open = key.indexOf('{');
        if (open < 0) {
            return List.of(key);
        }
        String head = key.substring(0, open);
        String tail = key.substring(key.indexOf('}') + 1);
        List<String> keys = new ArrayList<>();
        for (String part : key.substring(open + 1, key.indexOf('}')).split(",")) {
            keys.add(head + part + tail);
        }
        return keys;
    }

    private static String read(Path file) throws IOException {
        assertThat(file).as("run from the module directory, as Maven does").exists();
        return Files.readString(file);
    }
}
