package dev.parley.itests.chat;

import java.util.Hashtable;
import java.util.List;
import java.util.function.Supplier;

import org.osgi.framework.BundleActivator;
import org.osgi.framework.BundleContext;

import dev.parley.social.api.SocialPlatform;

/** Registers Acme Chat and, for the test, a {@code Supplier<List<String>>} of what it sent. */
public final class ChatActivator implements BundleActivator {

    @Override
    public void start(BundleContext context) {
        ChatPlatform platform = new ChatPlatform();
        Hashtable<String, Object> properties = new Hashtable<>();
        properties.put(SocialPlatform.PLATFORM, "acmechat");
        properties.put(SocialPlatform.CHANNELS, "acmechat");
        context.registerService(SocialPlatform.class, platform, properties);
        Hashtable<String, Object> sent = new Hashtable<>();
        sent.put("acmechat.sent", Boolean.TRUE);
        Supplier<List<String>> sends = () -> List.copyOf(platform.sent);
        context.registerService(Supplier.class, sends, sent);
    }

    @Override
    public void stop(BundleContext context) {
        // the framework unregisters the services
    }
}
