package dev.parley.escalation.internal.engine;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.parley.escalation.internal.rules.DeclarativeRule;
import dev.parley.escalation.internal.rules.RuleFileException;
import dev.parley.escalation.internal.rules.RuleParser;
import dev.parley.escalation.internal.rules.RuleSet;
import dev.parley.escalation.internal.store.EscalationStore;
import dev.parley.helpdesk.api.store.SchemaMigrator;

/**
 * The declarative rules in force: the shipped defaults and {@code <home>/etc/rules/*.json}, checked
 * for changes every {@code pollMillis}. A file with an error is refused whole, reported with the
 * file, the JSON path and the reason, and its last good version keeps running. Also keeps the
 * administrators' enable/disable switches (stored, so they survive restarts).
 */
@Component(service = RuleCatalog.class, configurationPid = EscalationConfig.PID,
        configurationPolicy = ConfigurationPolicy.OPTIONAL)
@Designate(ocd = EscalationConfig.class)
public final class RuleCatalog {

    private static final Logger LOG = LoggerFactory.getLogger(RuleCatalog.class);
    public static final String BUILT_IN = "built-in";

    /** A refused file: where and why. */
    public record LoadError(String file, String path, String reason, Instant at) {
    }

    private record FileState(long modified, long size, List<DeclarativeRule> lastGood) {
    }

    private final Path dir;
    private final EscalationStore store;
    private final Clock clock;
    private final List<DeclarativeRule> shipped;
    private final Map<Path, FileState> files = new HashMap<>();
    private final ScheduledExecutorService poller;
    private volatile RuleSet current = RuleSet.empty();
    private volatile Map<String, LoadError> errors = Map.of();
    private volatile Map<String, Boolean> switches;

    @Activate
    public RuleCatalog(BundleContext context, EscalationConfig config,
            @Reference(target = "(parley.datasource=helpdesk)") DataSource dataSource, @Reference SchemaMigrator migrator) {
        this(rulesDir(config, context.getProperty("parley.home")), config.defaultRules(),
                new EscalationStore(dataSource, migrator), Clock.systemUTC());
        poller.scheduleWithFixedDelay(this::reloadQuietly, config.pollMillis(), config.pollMillis(), TimeUnit.MILLISECONDS);
    }

    RuleCatalog(Path dir, boolean defaults, EscalationStore store, Clock clock) {
        this.dir = dir;
        this.store = store;
        this.clock = clock;
        this.shipped = defaults ? shippedDefaults() : List.of();
        this.switches = Map.copyOf(store.switches());
        this.poller = Executors.newSingleThreadScheduledExecutor(r -> new Thread(r, "parley-escalation-rules"));
        reload();
    }

    static Path rulesDir(EscalationConfig config, String home) {
        if (!config.rulesDir().isBlank()) {
            return Path.of(config.rulesDir());
        }
        return Path.of(home == null || home.isBlank() ? "parley-home" : home, "etc", "rules");
    }

    @Deactivate
    public void close() {
        poller.shutdownNow();
    }

    public RuleSet current() {
        return current;
    }

    public Path directory() {
        return dir;
    }

    public List<LoadError> errors() {
        return List.copyOf(new TreeMap<>(errors).values());
    }

    /** Whether a rule runs: the administrator's switch if set, else the rule's own setting (true for services). */
    public boolean enabled(String rule, boolean byDefault) {
        return switches.getOrDefault(rule, byDefault);
    }

    public void setEnabled(String rule, boolean enabled) {
        store.setSwitch(rule, enabled, clock.instant());
        Map<String, Boolean> next = new HashMap<>(switches);
        next.put(rule, enabled);
        switches = Map.copyOf(next);
        LOG.info("escalation rule {} {}", rule, enabled ? "enabled" : "disabled");
    }

    private void reloadQuietly() {
        try {
            reload();
        } catch (RuntimeException e) {
            LOG.error("escalation rules could not be reloaded from {}", dir, e);
        }
    }

    /** Re-reads changed, new and deleted files; cheap when nothing changed. */
    public synchronized void reload() {
        Map<Path, FileState> seen = new HashMap<>();
        boolean changed = false;
        Map<String, LoadError> nextErrors = new HashMap<>(errors);
        for (Path file : listFiles()) {
            FileState before = files.get(file);
            long modified;
            long size;
            try {
                modified = Files.getLastModifiedTime(file).toMillis();
                size = Files.size(file);
            } catch (IOException e) {
                continue; // deleted between listing and reading: the next round sees it gone
            }
            if (before != null && before.modified() == modified && before.size() == size) {
                seen.put(file, before);
                continue;
            }
            changed = true;
            String name = dir.relativize(file).toString();
            List<DeclarativeRule> good = before == null ? List.of() : before.lastGood();
            try {
                good = RuleParser.parse(Files.readString(file, StandardCharsets.UTF_8), "etc/rules/" + name);
                nextErrors.remove(name);
                LOG.info("escalation rules loaded from {}: {} rule(s)", file, good.size());
            } catch (RuleFileException e) {
                nextErrors.put(name, new LoadError(name, e.path(), e.reason(), clock.instant()));
                LOG.warn("escalation rule file {} refused at {}: {}; {}", file, e.path(), e.reason(),
                        good.isEmpty() ? "none of its rules run" : "its previous rules keep running");
            } catch (IOException e) {
                nextErrors.put(name, new LoadError(name, "$", "unreadable: " + e.getMessage(), clock.instant()));
            }
            seen.put(file, new FileState(modified, size, good));
        }
        for (Path gone : files.keySet()) {
            if (!seen.containsKey(gone)) {
                changed = true;
                nextErrors.remove(dir.relativize(gone).toString());
                LOG.info("escalation rule file {} removed", gone);
            }
        }
        files.clear();
        files.putAll(seen);
        if (changed || current.rules().isEmpty()) {
            errors = Map.copyOf(nextErrors);
            current = new RuleSet(combine());
        }
    }

    /** File rules in file-name order, a name defined twice kept once; defaults not replaced by a file rule. */
    private List<DeclarativeRule> combine() {
        List<DeclarativeRule> fromFiles = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (var entry : new TreeMap<>(files).entrySet()) {
            for (DeclarativeRule rule : entry.getValue().lastGood()) {
                if (names.add(rule.name())) {
                    fromFiles.add(rule);
                } else {
                    LOG.warn("escalation rule {} in {} ignored: another file defines it", rule.name(), entry.getKey());
                }
            }
        }
        List<DeclarativeRule> all = new ArrayList<>();
        shipped.stream().filter(r -> !names.contains(r.name())).forEach(all::add);
        all.addAll(fromFiles);
        return all;
    }

    private List<Path> listFiles() {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        List<Path> found = new ArrayList<>();
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(dir, "*.json")) {
            stream.forEach(p -> {
                if (Files.isRegularFile(p)) {
                    found.add(p);
                }
            });
        } catch (IOException e) {
            LOG.warn("escalation rules folder {} unreadable: {}", dir, e.getMessage());
        }
        found.sort(null);
        return found;
    }

    private static List<DeclarativeRule> shippedDefaults() {
        try (InputStream in = RuleCatalog.class.getClassLoader().getResourceAsStream("rules/defaults.json")) {
            if (in == null) {
                throw new IllegalStateException("rules/defaults.json is missing from the bundle");
            }
            return RuleParser.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8), BUILT_IN);
        } catch (IOException e) {
            throw new IllegalStateException("shipped default rules unreadable", e);
        }
    }
}
