package dev.parley.social.sandbox.internal.http;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletAsyncSupported;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletPattern;

import dev.parley.social.sandbox.internal.SocialSandbox;
import dev.parley.social.sandbox.internal.wire.Platform;
import jakarta.servlet.Servlet;

/** The simulated Telegram Bot API: set a connector's {@code apiBaseUrl} to {@code http://host:port/sandbox/telegram}. */
@Component(service = Servlet.class)
@HttpWhiteboardServletPattern("/sandbox/telegram/*")
@HttpWhiteboardServletAsyncSupported
public final class TelegramApiServlet extends PlatformApiServlet {
    private static final long serialVersionUID = 1L;

    @Activate
    public TelegramApiServlet(@Reference(target = SocialSandbox.ENABLED) SocialSandbox sandbox) {
        super(sandbox, Platform.TELEGRAM);
    }
}
