package dev.parley.helpdesk.core.internal.store;

import java.lang.reflect.Proxy;
import java.util.Map;

/** A {@link StoreConfig} as ConfigAdmin would hand it over: the given keys, the annotation's defaults otherwise. */
final class StoreConfigs {

    private StoreConfigs() {
    }

    static StoreConfig of(Map<String, Object> values) {
        return (StoreConfig) Proxy.newProxyInstance(StoreConfig.class.getClassLoader(),
                new Class<?>[] {StoreConfig.class}, (proxy, method, args) -> {
                    if (method.getName().equals("annotationType")) {
                        return StoreConfig.class;
                    }
                    Object value = values.get(method.getName());
                    return value != null ? value : method.getDefaultValue();
                });
    }
}
