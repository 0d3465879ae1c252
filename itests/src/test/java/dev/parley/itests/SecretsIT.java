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

    @Inject
    private org.osgi.service.cm.ConfigurationAdmin configAdmin;

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

    /**
     * The database password and the configured API tokens: neither DS component properties nor
     * anything else {@code scr:list} or {@code scr:info} prints for any Parley component carries them,
     * while the token opens the API and the store, rebuilt from the new configuration, serves it.
     */
    @Test
    public void scrInfoShowsNeitherTheStorePasswordNorConfiguredApiTokens() throws Exception {
        ApiClient api = api();
        String password = "pw-" + UUID.randomUUID();
        String token = "tok-" + UUID.randomUUID();
        String widgetToken = "wt-" + UUID.randomUUID();
        long storeBefore = dataSourceServiceId();
        // no user: H2 keeps its defaults, but the password is in the store's configuration all the same
        Files.writeString(home().resolve("etc/dev.parley.helpdesk.store.cfg"), "password=" + password + "\n");
        Files.writeString(home().resolve("etc/dev.parley.helpdesk.auth.cfg"),
                "tokens=ann:agent:" + token + "\n");
        ApiClient ann = new ApiClient(httpPort(), token);
        Await.condition("the configured token to be accepted", Duration.ofSeconds(30),
                () -> ann.get("/api/tickets").status() == 200);
        Await.condition("the store rebuilt with its new configuration", Duration.ofSeconds(30),
                () -> dataSourceServiceId() != storeBefore);
        Await.condition("the API served from the new store", Duration.ofSeconds(30),
                () -> api.get("/api/tickets").status() == 200);
        // a configuration in ConfigAdmin's own format: an array of tokens
        org.osgi.service.cm.Configuration auth = configAdmin.getConfiguration("dev.parley.helpdesk.auth", "?");
        java.util.Hashtable<String, Object> update = new java.util.Hashtable<>();
        update.put("tokens", new String[] {"ann:agent:" + token, "wall:widget:" + widgetToken});
        auth.update(update);
        ApiClient wall = new ApiClient(httpPort(), widgetToken);
        Await.condition("the array's second token to be accepted", Duration.ofSeconds(30),
                () -> wall.get("/api/sla/policies").status() == 200);
        assertEquals(403, wall.get("/api/tickets").status());

        StringBuilder everything = new StringBuilder(shellOutput("scr:list"));
        for (Bundle bundle : context.getBundles()) {
            if (bundle.getSymbolicName() != null && bundle.getSymbolicName().startsWith("dev.parley.")) {
                for (ComponentDescriptionDTO description : scr.getComponentDescriptionDTOs(bundle)) {
                    // quoted: Gogo would expand the '$Inner' of a nested class's name
                    everything.append(shellOutput("scr:info '" + description.name + "'"));
                }
            }
        }
        assertTrue("scr:info printed the store's component", everything.toString().contains("StoreDataSource"));
        assertTrue("and the API's configuration receiver",
                everything.toString().contains("dev.parley.helpdesk.core.internal.rest.AuthConfigurations"));
        for (String secret : List.of(password, token, widgetToken)) {
            assertFalse(secret + " shows in scr:list / scr:info", everything.toString().contains(secret));
        }
    }

    private long dataSourceServiceId() {
        try {
            var refs = context.getServiceReferences(javax.sql.DataSource.class, "(parley.datasource=helpdesk)");
            return refs.isEmpty() ? -1 : (Long) refs.iterator().next().getProperty("service.id");
        } catch (org.osgi.framework.InvalidSyntaxException e) {
            throw new IllegalStateException(e);
        }
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
