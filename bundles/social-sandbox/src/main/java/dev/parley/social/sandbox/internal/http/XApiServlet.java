package dev.parley.social.sandbox.internal.http;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletAsyncSupported;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletPattern;

import dev.parley.social.sandbox.internal.SocialSandbox;
import dev.parley.social.sandbox.internal.wire.Platform;
import jakarta.servlet.Servlet;

/** The simulated X API v2: set a connector's {@code apiBaseUrl} to {@code http://host:port/sandbox/x}. */
@Component(service = Servlet.class)
@HttpWhiteboardServletPattern("/sandbox/x/*")
@HttpWhiteboardServletAsyncSupported
public final class XApiServlet extends PlatformApiServlet {
    private static final long serialVersionUID = 1L;

    @Activate
    public XApiServlet(@Reference(target = SocialSandbox.ENABLED) SocialSandbox sandbox) {
        super(sandbox, Platform.X);
    }
}
