package dev.parley.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import javax.inject.Inject;

import org.apache.felix.service.command.CommandProcessor;
import org.apache.felix.service.command.CommandSession;
import org.apache.felix.service.command.Converter;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.osgi.framework.Bundle;
import org.osgi.service.component.runtime.ServiceComponentRuntime;
import org.osgi.service.component.runtime.dto.ComponentDescriptionDTO;
import org.osgi.service.metatype.AttributeDefinition;
import org.osgi.service.metatype.MetaTypeService;
import org.osgi.service.metatype.ObjectClassDefinition;

import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Account secrets stay private: an administrator (or anyone with the Gogo shell) running {@code
 * scr:info} on the connector's components sees none of them, while the account still uses them;
 * the metatype types every secret setting as a password.
 */
@RunWith(PaxExam.class)
public class SecretsIT extends ParleyTestSupport {

    private static final String CONNECTOR = "dev.parley.social-connector";

    @Inject
    private CommandProcessor shell;

    @Inject
    private ServiceComponentRuntime scr;

    @Inject
    private MetaTypeService metatype;

    @Test
    public void scrInfoShowsNoAccountSecretButTheAccountUsesThem() throws Exception {
        ApiClient api = api();
        Map<String, String> secrets = Map.of("consumerSecret", "cs-" + UUID.randomUUID(), "appSecret",
                "as-" + UUID.randomUUID(), "verifyToken", "vt-" + UUID.randomUUID(), "accessToken", "at-" + UUID.randomUUID());
        StringBuilder cfg = new StringBuilder("platform=x\naccountId=424242\nhandle=private\n");
        secrets.forEach((key, value) -> cfg.append(key).append('=').append(value).append('\n'));
        RuntimeLayout.writeConfig(home().resolve("etc/dev.parley.social.account-private.cfg"), cfg);

        SignedWebhooks hooks = new SignedWebhooks(httpPort());
        hooks.awaitVerified("the private account's webhook", "/webhooks/x/private?crc_token=ready", Duration.ofSeconds(30));
        HttpResponse<String> crc = hooks.get("/webhooks/x/private?crc_token=proof");
        assertEquals("the account signs with its consumer secret",
                SignedWebhooks.xSignature(secrets.get("consumerSecret"), "proof"),
                new ObjectMapper().readTree(crc.body()).get("response_token").asText());

        Bundle connector = Arrays.stream(context.getBundles()).filter(b -> CONNECTOR.equals(b.getSymbolicName()))
                .findFirst().orElseThrow();
        List<String> names = new ArrayList<>();
        for (ComponentDescriptionDTO description : scr.getComponentDescriptionDTOs(connector)) {
            names.add(description.name);
        }
        assertTrue(names.toString(), names.contains("dev.parley.social.connector.internal.account.AccountConfigurations"));
        StringBuilder everything = new StringBuilder(shellOutput("scr:list"));
        for (String name : names) {
            String info = shellOutput("scr:info " + name);
            assertFalse(info, info.isBlank());
            everything.append(info);
        }
        for (Map.Entry<String, String> secret : secrets.entrySet()) {
            assertFalse(secret.getKey() + " shows in scr:info: " + everything, everything.toString().contains(secret.getValue()));
        }
        assertEquals(200, api.get("/api/social/accounts/private").status());
    }

    @Test
    public void metatypeTypesEverySecretAsPassword() {
        assertPasswords(CONNECTOR, "dev.parley.social.account", true, "consumerSecret", "appSecret", "verifyToken",
                "accessToken", "botToken", "secretToken");
        assertPasswords("dev.parley.helpdesk-core", "dev.parley.helpdesk.store", false, "password");
        assertPasswords("dev.parley.helpdesk-core", "dev.parley.helpdesk.auth", false, "tokens");
    }

    private void assertPasswords(String bundleName, String pid, boolean factory, String... keys) {
        Bundle bundle = Arrays.stream(context.getBundles()).filter(b -> bundleName.equals(b.getSymbolicName()))
                .findFirst().orElseThrow(() -> new AssertionError("no bundle " + bundleName));
        var information = metatype.getMetaTypeInformation(bundle);
        List<String> designated = Arrays.asList(factory ? information.getFactoryPids() : information.getPids());
        assertTrue(pid + " in " + designated, designated.contains(pid));
        ObjectClassDefinition ocd = information.getObjectClassDefinition(pid, null);
        for (String key : keys) {
            AttributeDefinition attribute = Arrays.stream(ocd.getAttributeDefinitions(ObjectClassDefinition.ALL))
                    .filter(a -> a.getID().equals(key)).findFirst().orElseThrow(() -> new AssertionError(pid + " has no " + key));
            assertEquals(pid + " " + key, AttributeDefinition.PASSWORD, attribute.getType());
        }
    }

    /** What the Gogo shell prints for {@code command}: its output plus its result, formatted as the shell does. */
    private String shellOutput(String command) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrintStream print = new PrintStream(out, true, StandardCharsets.UTF_8);
        try (CommandSession session = shell.createSession(new ByteArrayInputStream(new byte[0]), print, print)) {
            Object result = session.execute(command);
            String shown = result == null ? "" : String.valueOf(session.format(result, Converter.INSPECT));
            return out.toString(StandardCharsets.UTF_8) + shown + "\n" + result;
        }
    }
}
