package dev.parley.social.connector.internal.account;

import java.lang.reflect.Proxy;
import java.util.Dictionary;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.osgi.framework.Constants;
import org.osgi.service.cm.ManagedServiceFactory;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.parley.social.api.SocialAccount;

/**
 * The social accounts' factory configurations ({@code etc/dev.parley.social.account-<name>.cfg}),
 * received as a ConfigAdmin {@link ManagedServiceFactory} rather than as DS component
 * configurations: DS makes every configuration property a component property, and Gogo's {@code
 * scr:info} prints those, secrets included (a {@code .}-prefixed private property is still printed).
 * Here the configuration reaches only this code; the component's own properties are its PID and
 * name. The keys and their metatype ({@link AccountConfig}, secrets typed PASSWORD) are unchanged.
 * Immediate: a delayed component would be deactivated, and every account removed, as soon as
 * ConfigAdmin released the service after delivering the configurations.
 */
@Component(service = ManagedServiceFactory.class, immediate = true, configurationPid = AccountConfig.FACTORY_PID,
        configurationPolicy = ConfigurationPolicy.IGNORE,
        property = Constants.SERVICE_PID + "=" + AccountConfig.FACTORY_PID)
@Designate(ocd = AccountConfig.class, factory = true)
public final class AccountConfigurations implements ManagedServiceFactory {

    private static final Logger LOG = LoggerFactory.getLogger(AccountConfigurations.class);

    private final AccountDirectory directory;
    private final Map<String, ConfiguredAccount> byPid = new ConcurrentHashMap<>();

    @Activate
    public AccountConfigurations(@Reference AccountDirectory directory) {
        this.directory = directory;
    }

    @Override
    public String getName() {
        return "Parley social accounts";
    }

    @Override
    public synchronized void updated(String pid, Dictionary<String, ?> properties) {
        ConfiguredAccount account;
        try {
            account = ConfiguredAccount.configured(directory, settings(properties), platformSettings(properties), pid);
        } catch (RuntimeException e) {
            // ConfigAdmin would swallow it: say which configuration could not become an account (never its values)
            LOG.error("Social account configuration {} could not be applied ({}; the message is left out: it may quote a setting)",
                    pid, e.getClass().getName());
            return;
        }
        ConfiguredAccount previous = byPid.put(pid, account);
        if (previous != null) {
            previous.removed();
        }
    }

    @Override
    public synchronized void deleted(String pid) {
        ConfiguredAccount previous = byPid.remove(pid);
        if (previous != null) {
            previous.removed();
        }
    }

    @Deactivate
    void deactivate() {
        List.copyOf(byPid.keySet()).forEach(this::deleted);
    }

    /**
     * The configuration read as DS would have handed it over: each {@link AccountConfig} method
     * answers its key, converted to the method's type, or the annotation's default when the key is
     * missing or unreadable (an unreadable number becomes a reported problem only through its default).
     */
    static AccountConfig settings(Dictionary<String, ?> properties) {
        return (AccountConfig) Proxy.newProxyInstance(AccountConfig.class.getClassLoader(),
                new Class<?>[] {AccountConfig.class}, (proxy, method, args) -> {
                    if (method.getDeclaringClass() == Object.class) {
                        return switch (method.getName()) {
                            case "hashCode" -> System.identityHashCode(proxy);
                            case "equals" -> proxy == args[0];
                            default -> "AccountConfig"; // toString: never the values, they hold secrets
                        };
                    }
                    Object value = properties == null ? null : properties.get(method.getName());
                    if (method.getReturnType() == String[].class) {
                        return value == null ? method.getDefaultValue() : list(value);
                    }
                    if (value instanceof String[] list) {
                        value = list.length == 0 ? null : list[0];
                    }
                    if (value == null) {
                        return method.getDefaultValue();
                    }
                    if (method.getReturnType() == int.class) {
                        if (value instanceof Number n) {
                            return n.intValue();
                        }
                        try {
                            return Integer.parseInt(String.valueOf(value).strip());
                        } catch (NumberFormatException e) {
                            return method.getDefaultValue();
                        }
                    }
                    return String.valueOf(value);
                });
    }

    /** The keys the connector itself reads; every other one is the platform's ({@link SocialAccount#settings()}). */
    private static final java.util.Set<String> OWN_KEYS = java.util.Arrays.stream(AccountConfig.class.getDeclaredMethods())
            .map(java.lang.reflect.Method::getName).filter(n -> !n.equals("templates"))
            .collect(java.util.stream.Collectors.toUnmodifiableSet());

    /**
     * The keys of the account's file that only its platform reads (WhatsApp's templates), as text:
     * a multi-valued one joined with commas. ConfigAdmin's and FileInstall's own keys are left out.
     */
    static Map<String, String> platformSettings(Dictionary<String, ?> properties) {
        Map<String, String> settings = new java.util.HashMap<>();
        if (properties == null) {
            return settings;
        }
        for (java.util.Enumeration<String> keys = properties.keys(); keys.hasMoreElements();) {
            String key = keys.nextElement();
            if (OWN_KEYS.contains(key) || key.startsWith("service.") || key.startsWith("felix.")
                    || key.startsWith("component.")) {
                continue;
            }
            settings.put(key, String.join(",", list(properties.get(key))));
        }
        return settings;
    }

    /** A multi-valued key as FileInstall hands it over: an array, a collection, or one comma-separated string. */
    private static String[] list(Object value) {
        if (value instanceof String[] array) {
            return array.clone();
        }
        if (value instanceof java.util.Collection<?> collection) {
            return collection.stream().map(String::valueOf).toArray(String[]::new);
        }
        return java.util.Arrays.stream(String.valueOf(value).split(",")).map(String::strip).filter(v -> !v.isEmpty())
                .toArray(String[]::new);
    }
}
