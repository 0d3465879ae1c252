package dev.parley.escalation.internal.social;

import java.util.Optional;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import dev.parley.escalation.internal.engine.DmHandoff;
import dev.parley.social.api.Handoff;
import dev.parley.social.api.HandoffRequest;
import dev.parley.social.api.SocialHandoff;

/**
 * The one place that uses the social API (imported optionally): hands a conversation off to DM
 * through the connector's {@link SocialHandoff}, present only while the connector offers it.
 */
@Component(service = DmHandoff.class)
public final class SocialHandoffBridge implements DmHandoff {

    private final SocialHandoff handoff;

    @Activate
    public SocialHandoffBridge(@Reference SocialHandoff handoff) {
        this.handoff = handoff;
    }

    @Override
    public String handOff(long ticketId, String rule, Optional<String> publicText, Optional<String> privateText) {
        Handoff done = handoff.handOff(ticketId, new HandoffRequest(rule, true, publicText, privateText));
        return "public message " + done.publicMessageId() + ", DM " + done.privateMessageId() + ", answer expected by "
                + done.answerExpectedBy();
    }
}
