package dev.parley.social.sandbox.internal.http;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletAsyncSupported;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletPattern;

import dev.parley.social.sandbox.internal.SocialSandbox;
import dev.parley.social.sandbox.internal.wire.Platform;
import jakarta.servlet.Servlet;

/** The simulated WhatsApp Cloud API: set a connector's {@code apiBaseUrl} to {@code http://host:port/sandbox/whatsapp}. */
@Component(service = Servlet.class)
@HttpWhiteboardServletPattern("/sandbox/whatsapp/*")
@HttpWhiteboardServletAsyncSupported
public final class WhatsAppApiServlet extends PlatformApiServlet {
    private static final long serialVersionUID = 1L;

    @Activate
    public WhatsAppApiServlet(@Reference(target = SocialSandbox.ENABLED) SocialSandbox sandbox) {
        super(sandbox, Platform.WHATSAPP);
    }
}
