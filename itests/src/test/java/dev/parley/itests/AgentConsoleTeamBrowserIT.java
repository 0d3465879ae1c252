package dev.parley.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import org.junit.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Two agents in two headless Chromium sessions on one parley.jar with the sandbox: canned responses
 * an admin stored in the host (agents may read them, not write them; a widget token may do neither)
 * are inserted into the composer with Ctrl+/, their placeholders filled from the ticket, and the live
 * policy check runs on the resulting text; each agent sees the other on the same conversation
 * (viewing, then typing) over the console's event stream, and the indicator goes when the other
 * leaves; the side panel shows where the host knows the customer and their conversations on every
 * channel; a DM goes out with a file attached by its link; axe-core finds no serious or critical accessibility violation in the queue nor in a
 * conversation with the picker open. Leaves target/console-canned.png for review.
 */
public class AgentConsoleTeamBrowserIT {

    private static final String CANNED = "Hi {{customer.name}}, {{agent.name}} here: your refund for ticket "
            + "#{{ticket.id}} is on its way.";

    @Test
    public void twoAgentsSeeEachOtherAndACannedResponseIsFilledAndChecked() throws Exception {
        SlaWidgetBrowserIT.requireBrowser();
        Path home = RuntimeLayout.newWorkDir("console-team-");
        int port = RuntimeLayout.freePort();
        String base = "http://127.0.0.1:" + port;
        try (ParleyProcess parley = ParleyProcess.start(home, port, "--sandbox")) {
            parley.awaitReady(Duration.ofSeconds(90));
            ApiClient admin = parley.api();
            String annToken = token(admin, "Ann Agent", "agent");
            String bobToken = token(admin, "Bob Agent", "agent");
            String widgetToken = token(admin, "wall screen", "widget");
            ApiClient ann = new ApiClient(port, annToken);
            ApiClient widget = new ApiClient(port, widgetToken);

            // canned responses: the admin writes, an agent reads, nobody else
            ApiClient.Reply created = admin.post("/api/canned-responses",
                    "{\"name\":\"Refund on its way\",\"text\":" + SlaWidgetBrowserIT.quote(CANNED) + "}");
            assertEquals(created.body(), 201, created.status());
            long cannedId = created.json().get("id").asLong();
            assertEquals("[\"customer.name\",\"agent.name\",\"ticket.id\"]", created.json().get("placeholders").toString());
            assertEquals(201, admin.post("/api/canned-responses", "{\"name\":\"Apology\",\"text\":\"Sorry about that.\"}")
                    .status());
            assertEquals(409, admin.post("/api/canned-responses", "{\"name\":\"apology\",\"text\":\"x\"}").status());
            ApiClient.Reply typo = admin.post("/api/canned-responses", "{\"name\":\"typo\",\"text\":\"Hi {{custmer.name}}\"}");
            assertEquals(typo.body(), 400, typo.status());
            assertEquals("text", typo.json().get("field").asText());
            assertEquals(400, admin.post("/api/canned-responses", "{\"name\":\"\",\"text\":\"x\"}").status());
            assertEquals(2, ann.get("/api/canned-responses").json().get("cannedResponses").size());
            assertEquals(200, ann.get("/api/canned-responses/" + cannedId).status());
            ApiClient.Reply agentWrite = ann.post("/api/canned-responses", "{\"name\":\"mine\",\"text\":\"x\"}");
            assertEquals(agentWrite.body(), 403, agentWrite.status());
            assertEquals("admin", agentWrite.json().get("requiredRole").asText());
            assertEquals(403, ann.put("/api/canned-responses/" + cannedId, "{\"name\":\"x\",\"text\":\"x\"}").status());
            assertEquals(403, ann.delete("/api/canned-responses/" + cannedId).status());
            assertEquals(403, widget.get("/api/canned-responses").status());
            // ... and the console forwards as the signed-in agent: still no write
            assertEquals(403, consoleWrite(base, widgetToken, "/agent/api/canned-responses"));
            assertEquals(403, consoleWrite(base, annToken, "/agent/api/canned-responses"));

            Await.condition("the sandbox X account's webhook", Duration.ofSeconds(30),
                    () -> admin.getWithoutToken("/webhooks/x/sandbox-x?crc_token=warm").status() == 200);
            String dm = "Where is my refund? " + System.nanoTime();
            sendSandboxDm(port, dm);
            JsonNode ticket = Await.until("the DM's ticket", Duration.ofSeconds(15), () -> {
                for (JsonNode t : admin.get("/api/tickets").json().get("tickets")) {
                    if (t.get("messages").findValuesAsText("text").contains(dm)) {
                        return t;
                    }
                }
                return null;
            });
            long ticketId = ticket.get("id").asLong();
            String customer = ticket.at("/requester/displayName").asText();
            // the same person wrote by Messenger before: the side panel shows both conversations
            ApiClient.Reply other = ann.post("/api/tickets", "{\"subject\":\"Earlier question about sizes\","
                    + "\"requester\":{\"id\":" + ticket.at("/requester/id").asLong() + "},\"channel\":\"messenger\"}");
            assertEquals(other.body(), 201, other.status());

            ChromeDriver a = SlaWidgetBrowserIT.browser(home);
            ChromeDriver b = null;
            try {
                signIn(a, base, annToken);
                Await.until("the ticket in Ann's queue", Duration.ofSeconds(10),
                        () -> a.findElements(By.cssSelector(".ticket-row[data-ticket-id='" + ticketId + "']")).stream()
                                .findFirst().orElse(null));
                Axe.assertNoSeriousViolations(a, "the queue");
                // the scan is live: an input without a label (critical) fails it
                a.executeScript("const i = document.createElement('input'); i.id = 'axe-probe';"
                        + "document.querySelector('.bar').append(i)");
                try {
                    Axe.assertNoSeriousViolations(a, "the queue with an unlabelled input");
                    throw new IllegalStateException("axe-core did not see an unlabelled input");
                } catch (AssertionError expected) {
                    assertTrue(expected.getMessage(), expected.getMessage().contains("#axe-probe"));
                }
                a.executeScript("document.getElementById('axe-probe').remove()");
                openIn(a, ticketId);

                b = SlaWidgetBrowserIT.browser(home.resolve("second-browser"));
                signIn(b, base, bobToken);
                ChromeDriver bob = b;
                Await.until("the ticket in Bob's queue", Duration.ofSeconds(10),
                        () -> bob.findElements(By.cssSelector(".ticket-row[data-ticket-id='" + ticketId + "']")).stream()
                                .findFirst().orElse(null));
                openIn(b, ticketId);

                awaitPresence(a, "Also here: Bob Agent");
                awaitPresence(b, "Also here: Ann Agent");
                WebElement bobText = b.findElement(By.id("reply-text"));
                bobText.sendKeys("Looking");
                awaitPresence(a, "Also here: Bob Agent (typing\u2026)");
                bobText.sendKeys(Keys.chord(Keys.CONTROL, "a"), Keys.DELETE);
                awaitPresence(a, "Also here: Bob Agent");

                // Ann: public reply, Ctrl+/ opens the picker, typing narrows it, Enter inserts the filled text
                a.findElement(By.cssSelector("input[name=visibility][value=PUBLIC]")).click();
                WebElement text = a.findElement(By.id("reply-text"));
                text.sendKeys(Keys.chord(Keys.CONTROL, "/"));
                WebElement search = Await.until("the canned picker", Duration.ofSeconds(5),
                        () -> a.findElements(By.id("canned-search")).stream().filter(WebElement::isDisplayed).findFirst()
                                .orElse(null));
                assertEquals("canned-search", a.switchTo().activeElement().getAttribute("id"));
                search.sendKeys("refund");
                Await.condition("one match", Duration.ofSeconds(5),
                        () -> a.findElements(By.cssSelector("#canned-list [role=option]")).size() == 1);
                Axe.assertNoSeriousViolations(a, "a conversation with the canned picker open");
                SlaWidgetBrowserIT.screenshot(a, target().resolve("console-canned.png"));
                search.sendKeys(Keys.ENTER);
                String filled = "Hi " + customer + ", Ann Agent here: your refund for ticket #" + ticketId
                        + " is on its way.";
                Await.condition("the filled canned text in the reply", Duration.ofSeconds(5),
                        () -> filled.equals(text.getAttribute("value")));
                assertEquals("reply-text", a.switchTo().activeElement().getAttribute("id"));
                assertTrue(a.findElement(By.id("canned-note")).getText().contains("Refund on its way"));
                // the policy check ran on the inserted text: the public limit counts its characters
                Await.condition("the check of the inserted text", Duration.ofSeconds(10), () -> "false".equals(a
                        .findElement(By.id("policy-verdict")).getAttribute("data-pending")) && ((280 - filled.length())
                        + " characters left").equals(a.findElement(By.id("remaining-chars")).getText()));
                assertTrue(!a.findElement(By.id("policy-verdict")).getText().isBlank());
                assertTrue("nothing was sent by the check", admin.get("/api/tickets/" + ticketId).json()
                        .get("messages").findValuesAsText("text").stream().noneMatch(filled::equals));

                // the person across channels: where the host knows them, and each of their conversations
                WebElement known = Await.until("the customer's X identity", Duration.ofSeconds(10),
                        () -> a.findElements(By.cssSelector(".identity-list li[data-channel=x]")).stream().findFirst()
                                .orElse(null));
                assertEquals("X: @refund_please", known.getText());
                Await.condition("both conversations of the customer", Duration.ofSeconds(10),
                        () -> a.findElements(By.cssSelector(".other-tickets li")).size() == 2);
                assertTrue(a.findElement(By.cssSelector(".other-tickets")).getText(),
                        a.findElement(By.cssSelector(".other-tickets")).getText().contains("Messenger \u00B7 NEW \u00B7 "
                                + "Earlier question about sizes"));

                // a DM with the canned text and a file by link: the check sees the file (X takes no PDF in a
                // DM), and the DM goes out with a picture instead
                a.findElement(By.cssSelector("input[name=visibility][value=PRIVATE]")).click();
                a.findElement(By.cssSelector("details.attach summary")).click();
                attach(a, "https://files.example.com/receipt-4471.pdf", "application/pdf");
                assertTrue(a.findElement(By.cssSelector(".attach-list")).getText().contains("receipt-4471.pdf (PDF document)"));
                WebElement verdict = a.findElement(By.id("policy-verdict"));
                awaitVerdict(a, "false");
                assertTrue(verdict.getText(), verdict.getText().startsWith("would be refused: attachment-not-allowed"));
                a.findElement(By.cssSelector(".attach-list button.remove")).click();
                attach(a, "https://files.example.com/receipt-4471.png", "image/png");
                awaitVerdict(a, "true");
                text.sendKeys(Keys.chord(Keys.CONTROL, Keys.ENTER));
                JsonNode sent = Await.until("the sent DM with its attachment", Duration.ofSeconds(10), () -> {
                    for (JsonNode m : admin.get("/api/tickets/" + ticketId).json().get("messages")) {
                        if (m.get("direction").asText().equals("OUTBOUND") && m.get("text").asText().equals(filled)) {
                            return m;
                        }
                    }
                    return null;
                });
                assertEquals("PRIVATE", sent.get("visibility").asText());
                assertEquals("Ann Agent", sent.at("/author/name").asText());
                assertEquals("https://files.example.com/receipt-4471.png", sent.at("/attachments/0/url").asText());
                assertEquals("image/png", sent.at("/attachments/0/mediaType").asText());
                Await.condition("the composer emptied", Duration.ofSeconds(5), () -> text.getAttribute("value").isEmpty()
                        && a.findElements(By.cssSelector(".attach-list li")).isEmpty());

                // Bob leaves the page: Ann's indicator goes at once (not after the 45 s presence expiry)
                b.get("about:blank");
                awaitPresence(a, "");
                SlaWidgetBrowserIT.assertNoAlert(a);
                String log = SlaWidgetBrowserIT.console(a);
                assertTrue("no script error on the page:\n" + log, !log.contains("Uncaught"));
            } catch (AssertionError | RuntimeException e) {
                throw new AssertionError(e.getMessage() + "\nbrowser A console: " + SlaWidgetBrowserIT.console(a)
                        + (b == null ? "" : "\nbrowser B console: " + SlaWidgetBrowserIT.console(b)), e);
            } finally {
                a.quit();
                if (b != null) {
                    b.quit();
                }
            }
        }
    }

    static Path target() {
        return Path.of(System.getProperty("parley.itest.work", "target/itest-work")).getParent();
    }

    static void signIn(ChromeDriver browser, String base, String token) {
        browser.get(base + "/agent/");
        Await.until("the sign-in form", Duration.ofSeconds(10), () -> browser.findElements(By.id("token")).stream()
                .filter(WebElement::isDisplayed).findFirst().orElse(null)).sendKeys(token, Keys.ENTER);
        Await.until("the console, live", Duration.ofSeconds(10), () -> "true".equals(
                browser.findElement(By.cssSelector("parley-console")).getAttribute("data-live")));
    }

    /** Clicks the ticket's row (within the wait: a live update may replace it) and waits for its conversation. */
    private static void openIn(ChromeDriver browser, long ticketId) {
        Await.condition("#" + ticketId + " in the queue, clicked", Duration.ofSeconds(10), () -> {
            browser.findElement(By.cssSelector(".ticket-row[data-ticket-id='" + ticketId + "']")).click();
            return true;
        });
        Await.until("the conversation of #" + ticketId, Duration.ofSeconds(10), () -> String.valueOf(ticketId)
                .equals(browser.findElement(By.cssSelector("parley-conversation")).getAttribute("data-ticket-id")));
    }

    private static void attach(ChromeDriver browser, String url, String mediaType) {
        browser.findElement(By.cssSelector("#attach-type option[value='" + mediaType + "']")).click();
        browser.findElement(By.id("attach-url")).sendKeys(url, Keys.ENTER);
    }

    /** Waits for the policy check's answer to the composer's current text and attachments. */
    private static void awaitVerdict(ChromeDriver browser, String allowed) {
        Await.condition("the check's answer allowed=" + allowed, Duration.ofSeconds(10), () -> {
            WebElement verdict = browser.findElement(By.id("policy-verdict"));
            return "false".equals(verdict.getAttribute("data-pending")) && allowed.equals(verdict.getAttribute("data-allowed"));
        });
    }

    private static void awaitPresence(ChromeDriver browser, String expected) {
        Await.condition("presence '" + expected + "'", Duration.ofSeconds(10),
                () -> expected.equals(browser.findElement(By.cssSelector("parley-conversation .presence")).getText()));
    }

    private static int consoleWrite(String base, String token, String path) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(base + path))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"n\",\"text\":\"t\"}")).build(),
                HttpResponse.BodyHandlers.ofString()).statusCode();
    }

    private static String token(ApiClient api, String name, String role) {
        ApiClient.Reply reply = api.post("/api/tokens", "{\"name\":\"" + name + "\",\"role\":\"" + role + "\"}");
        assertEquals(reply.body(), 201, reply.status());
        return reply.json().get("token").asText();
    }

    private static void sendSandboxDm(int port, String text) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/sandbox/api/customer-posts"))
                .header("Content-Type", "application/json").timeout(Duration.ofSeconds(10))
                .POST(HttpRequest.BodyPublishers.ofString("{\"platform\":\"x\",\"kind\":\"dm\","
                        + "\"authorHandle\":\"refund_please\",\"text\":" + SlaWidgetBrowserIT.quote(text) + "}"))
                .build();
        HttpResponse<String> response = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
        assertEquals(response.body(), 202, response.statusCode());
        Files.createDirectories(target());
    }
}
