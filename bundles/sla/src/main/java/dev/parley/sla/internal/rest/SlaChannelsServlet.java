package dev.parley.sla.internal.rest;

import java.io.IOException;
import java.util.List;
import java.util.Map;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardContextSelect;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletPattern;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.parley.helpdesk.api.http.ApiContext;
import dev.parley.helpdesk.api.http.ProblemException;
import dev.parley.sla.internal.channels.SocialChannels;
import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * {@code GET /api/sla/channels}: the channels the widget offers, {@code {"channels":[{"channel",
 * "label","platform"}]}}: the social platforms' channels as registered now (a platform installed
 * or removed shows at the next call), then the helpdesk's own {@code email} and {@code web}.
 */
@Component(service = Servlet.class)
@HttpWhiteboardContextSelect(ApiContext.SELECT)
@HttpWhiteboardServletPattern("/api/sla/channels")
public final class SlaChannelsServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;

    static final List<SocialChannels.Channel> HOST_CHANNELS = List.of(new SocialChannels.Channel("email", "Email", ""),
            new SocialChannels.Channel("web", "Web", ""));

    private final transient SocialChannels channels;
    private final transient ObjectMapper json = new ObjectMapper();

    @Activate
    public SlaChannelsServlet(@Reference SocialChannels channels) {
        this.channels = channels;
    }

    @Override
    protected void service(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        if (!"GET".equals(req.getMethod())) {
            throw new ProblemException(405, "Method Not Allowed", req.getMethod() + " is not supported here; use GET",
                    null, Map.of("allow", "GET"));
        }
        List<SocialChannels.Channel> all = new java.util.ArrayList<>(channels.channels());
        HOST_CHANNELS.stream().filter(h -> all.stream().noneMatch(c -> c.channel().equals(h.channel())))
                .forEach(all::add);
        resp.setStatus(200);
        resp.setContentType("application/json");
        resp.setCharacterEncoding("UTF-8");
        json.writeValue(resp.getOutputStream(), Map.of("channels", all));
    }
}
