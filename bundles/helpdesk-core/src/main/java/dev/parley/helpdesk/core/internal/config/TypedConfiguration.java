package dev.parley.helpdesk.core.internal.config;

import java.io.IOException;
import java.lang.reflect.Proxy;
import java.util.Arrays;
import java.util.Collection;
import java.util.Dictionary;

import org.osgi.framework.Constants;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;

/**
 * A ConfigAdmin dictionary read through a configuration annotation ({@code @ObjectClassDefinition}
 * type), as DS would hand it to a component: each method answers its key converted to the method's
 * type, or the annotation's default when the key is missing or unreadable. Used where a
 * configuration holds a secret and so is received by a {@link org.osgi.service.cm.ManagedService}
 * instead of becoming DS component properties (which Gogo's {@code scr:info} prints). The view's
 * {@code toString} never shows the values.
 */
public final class TypedConfiguration {

    private TypedConfiguration() {
    }

    /**
     * The properties ConfigAdmin holds for {@code pid} now, or null when it holds none (as
     * {@link org.osgi.service.cm.ManagedService#updated} is told).
     */
    public static Dictionary<String, Object> current(ConfigurationAdmin configurations, String pid) {
        try {
            Configuration[] found = configurations.listConfigurations("(" + Constants.SERVICE_PID + "=" + pid + ")");
            return found == null || found.length == 0 ? null : found[0].getProperties();
        } catch (IOException | InvalidSyntaxException e) {
            throw new IllegalStateException("cannot read the configuration " + pid + ": " + e.getMessage(), e);
        }
    }

    public static <A> A of(Class<A> type, Dictionary<String, ?> properties) {
        return type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, (proxy, method, args) -> {
            if (method.getDeclaringClass() == Object.class) {
                return switch (method.getName()) {
                    case "hashCode" -> System.identityHashCode(proxy);
                    case "equals" -> proxy == args[0];
                    default -> type.getSimpleName(); // toString: never the values, they hold secrets
                };
            }
            Object value = properties == null ? null : properties.get(method.getName());
            Class<?> returns = method.getReturnType();
            if (returns == String[].class) {
                return value == null ? method.getDefaultValue() : list(value);
            }
            if (value instanceof String[] array) {
                value = array.length == 0 ? null : array[0];
            } else if (value instanceof Collection<?> collection) {
                value = collection.isEmpty() ? null : collection.iterator().next();
            }
            if (value == null) {
                return method.getDefaultValue();
            }
            try {
                if (returns == int.class) {
                    return value instanceof Number n ? n.intValue() : Integer.parseInt(String.valueOf(value).strip());
                }
                if (returns == long.class) {
                    return value instanceof Number n ? n.longValue() : Long.parseLong(String.valueOf(value).strip());
                }
                if (returns == boolean.class) {
                    return value instanceof Boolean b ? b : Boolean.parseBoolean(String.valueOf(value).strip());
                }
            } catch (NumberFormatException e) {
                return method.getDefaultValue();
            }
            return String.valueOf(value);
        }));
    }

    /** A multi-valued key as FileInstall hands it over: an array, a collection, or one string (one entry). */
    private static String[] list(Object value) {
        if (value instanceof String[] array) {
            return array.clone();
        }
        if (value instanceof Collection<?> collection) {
            return collection.stream().map(String::valueOf).toArray(String[]::new);
        }
        if (value instanceof Object[] objects) {
            return Arrays.stream(objects).map(String::valueOf).toArray(String[]::new);
        }
        return new String[] {String.valueOf(value)};
    }
}
