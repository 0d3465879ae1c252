package dev.parley.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import javax.inject.Inject;

import org.apache.felix.service.command.CommandProcessor;
import org.apache.felix.service.command.CommandSession;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;

/** Administrators' Gogo commands, run through the real Gogo command processor. */
@RunWith(PaxExam.class)
public class ShellIT extends ParleyTestSupport {

    @Inject
    private CommandProcessor shell;

    @Test
    public void ticketCommandsListAndShowAndAnswerBadInputPlainly() throws Exception {
        ApiClient.Reply created = api().post("/api/tickets",
                "{\"subject\":\"Shell visible\",\"requester\":{\"name\":\"Sam\",\"email\":\"sam@example.com\"},"
                        + "\"description\":\"hello from the shell test\"}");
        assertEquals(201, created.status());
        long id = created.json().get("id").asLong();

        String list = run("parley:tickets");
        assertTrue(list, list.contains("Shell visible") && list.contains(String.valueOf(id)));
        String one = run("parley:ticket " + id);
        assertTrue(one, one.contains("hello from the shell test") && one.contains("Sam"));
        assertEquals("ticket ids are numbers, not 'abc'", run("parley:ticket abc"));
        assertTrue(run("parley:tickets bogus").startsWith("unknown status 'bogus'"));
        String plugins = Await.until("parley:plugins lists the host UP", java.time.Duration.ofSeconds(30), () -> {
            String out;
            try {
                out = run("parley:plugins");
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
            return out.matches("(?s).*\\nhost\\s+0\\.1\\.0\\S*\\s+ACTIVE\\s+UP.*") ? out : null;
        });
        assertTrue(plugins, plugins.startsWith("PLUGIN") && plugins.contains("sla"));
    }

    private String run(String command) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrintStream print = new PrintStream(out, true, StandardCharsets.UTF_8);
        try (CommandSession session = shell.createSession(new ByteArrayInputStream(new byte[0]), print, print)) {
            Object result = session.execute(command);
            return (result == null ? out.toString(StandardCharsets.UTF_8) : String.valueOf(result)).strip();
        }
    }
}
