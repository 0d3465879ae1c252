package dev.parley.sla.internal.rest;

import java.util.LinkedHashMap;
import java.util.Map;

import dev.parley.sla.api.TargetStatus;
import dev.parley.sla.api.TicketSla;
import dev.parley.sla.internal.policy.SlaPolicy;

/** The REST and stream shapes: ISO-8601 times, durations in whole seconds, nulls for absent values. */
public final class SlaJson {

    private SlaJson() {
    }

    public static Map<String, Object> ticket(TicketSla sla) {
        return ticket(sla, null);
    }

    /** With the ticket's subject, for views agents scan (a field added after the others; null when unknown). */
    public static Map<String, Object> ticket(TicketSla sla, String subject) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("ticketId", sla.ticketId());
        m.put("channel", sla.channel());
        m.put("visibility", sla.visibility().name());
        m.put("priority", sla.priority().name());
        m.put("group", sla.group().orElse(null));
        m.put("ticketStatus", sla.ticketStatus().name());
        m.put("policy", sla.policy());
        m.put("nextDue", sla.nextDue().map(SlaJson::target).orElse(null));
        m.put("targets", sla.targets().stream().map(SlaJson::target).toList());
        m.put("computedAt", sla.computedAt().toString());
        m.put("subject", subject);
        return m;
    }

    static Map<String, Object> target(TargetStatus t) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("target", t.target().name());
        m.put("cycle", t.cycle());
        m.put("state", t.state().name());
        m.put("startedAt", t.startedAt().toString());
        m.put("due", t.due().map(Object::toString).orElse(null));
        m.put("remainingSeconds", t.remaining().toSeconds());
        m.put("elapsedPercent", t.elapsedPercent());
        m.put("binding", t.binding().name());
        m.put("stoppedAt", t.stoppedAt().map(Object::toString).orElse(null));
        return m;
    }

    public static Map<String, Object> policy(SlaPolicy p, boolean builtIn) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", p.name());
        m.put("builtIn", builtIn);
        m.put("channels", p.channels().stream().sorted().toList());
        m.put("visibilities", p.visibilities().stream().map(Enum::name).sorted().toList());
        m.put("priorities", p.priorities().stream().map(Enum::name).sorted().toList());
        m.put("firstReplyMinutes", p.firstReply().toMinutes());
        m.put("nextReplyMinutes", p.nextReply().toMinutes());
        m.put("resolutionMinutes", p.resolution().toMinutes());
        m.put("calendar", p.calendarId());
        m.put("ranking", p.ranking());
        return m;
    }
}
