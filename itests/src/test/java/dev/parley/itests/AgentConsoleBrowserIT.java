package dev.parley.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
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

import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The agent console at /agent/ in Debian's headless Chromium against the real parley.jar with the
 * sandbox: an agent signs in with their token; a DM a fake customer sends through the sandbox after
 * the page loaded shows up in the queue without a reload; opened from the keyboard, a public reply
 * quoting it is shown refused by the messaging policy before anything is sent; a DM reply goes out
 * with Ctrl+Enter and its delivery is seen going QUEUED then SENT; the side panel's "why" names the
 * rule that set the priority; a session that ends asks for the token again and keeps the draft; a
 * widget token is refused on the sign-in and on the console's writes (403); axe-core finds no serious
 * or critical accessibility violation on the sign-in page nor in the finished conversation; a file from
 * the agent's disk is attached (refused before sending on X, kept by id in the draft across a reload and
 * uploaded to WhatsApp's media endpoint when sent). Leaves
 * target/console-*.png for review.
 */
public class AgentConsoleBrowserIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String RULES = "{\"rules\":[{\"name\":\"refunds-go-first\",\"on\":[\"message\"],"
            + "\"why\":\"refund requests are answered first\",\"when\":{\"keywords\":[\"refund\"]},"
            + "\"then\":[{\"setPriority\":\"HIGH\"},{\"addTags\":[\"refund\"]}]}]}";

    @Test
    public void anAgentSignsInSeesADmLiveIsWarnedBeforeAPublicQuoteWatchesTheirDmGoOutAndHandsAPublicQuestionOff() throws Exception {
        SlaWidgetBrowserIT.requireBrowser();
        Path home = RuntimeLayout.newWorkDir("console-browser-");
        Files.createDirectories(home.resolve("etc/rules"));
        RuntimeLayout.writeConfig(home.resolve("etc/rules/console.json"), RULES);
        int port = RuntimeLayout.freePort();
        String base = "http://127.0.0.1:" + port;
        try (ParleyProcess parley = ParleyProcess.start(home, port, "--sandbox")) {
            parley.awaitReady(Duration.ofSeconds(90));
            ApiClient api = parley.api();
            String agentToken = token(api, "Ann Agent", "agent");
            String widgetToken = token(api, "wall screen", "widget");
            Await.condition("the sandbox X account's webhook", Duration.ofSeconds(30),
                    () -> api.getWithoutToken("/webhooks/x/sandbox-x?crc_token=warm").status() == 200);

            ChromeDriver browser = SlaWidgetBrowserIT.browser(home);
            try {
                browser.get(base + "/agent/");
                WebElement token = Await.until("the sign-in form", Duration.ofSeconds(10),
                        () -> browser.findElements(By.id("token")).stream().filter(WebElement::isDisplayed).findFirst()
                                .orElse(null));
                Axe.assertNoSeriousViolations(browser, "the sign-in page");
                token.sendKeys(widgetToken, Keys.ENTER);
                Await.until("the widget token to be refused", Duration.ofSeconds(5),
                        () -> browser.findElement(By.id("sign-in-error")).getText().contains("widget"));
                token.clear();
                token.sendKeys(agentToken, Keys.ENTER);
                Await.until("the console, live", Duration.ofSeconds(10), () -> "true".equals(
                        browser.findElement(By.cssSelector("parley-console")).getAttribute("data-live")));
                assertTrue(browser.findElement(By.cssSelector(".bar .who")).getText().contains("Ann Agent"));
                assertTrue("the token is not readable by the page's script", ((String) browser
                        .executeScript("return document.cookie")).isEmpty());

                String dm = "I want a refund for order 4471, it never came " + System.nanoTime();
                sendSandboxDm(port, dm);
                // rows re-render as the ticket changes: each is read within the wait, never kept
                String[] row = Await.until("the sandbox DM in the queue without a reload", Duration.ofSeconds(10),
                        () -> browser.findElements(By.cssSelector(".ticket-row")).stream()
                                .filter(r -> r.findElement(By.cssSelector(".first-line")).getText().equals(dm))
                                .findFirst().map(r -> new String[] {r.getAttribute("data-ticket-id"), r.getText()})
                                .orElse(null));
                long ticketId = Long.parseLong(row[0]);
                assertTrue(row[1].contains("X"));
                Await.until("the rule's priority on the row", Duration.ofSeconds(10), () -> browser
                        .findElement(By.cssSelector(".ticket-row[data-ticket-id='" + ticketId + "']"))
                        .getAttribute("data-priority").equals("HIGH"));

                // "Breaching soon" pages the SLA queue from the server, the ticket due first on top
                browser.findElement(By.cssSelector(".views button[data-view='breaching']")).click();
                Await.until("#" + ticketId + " in the breaching-soon view", Duration.ofSeconds(10),
                        () -> browser.findElements(By.cssSelector(".ticket-row[data-ticket-id='" + ticketId + "']"))
                                .size() == 1 && "breaching".equals(browser.findElement(By.cssSelector("parley-queue"))
                                .getAttribute("data-view")));
                browser.findElement(By.cssSelector(".views button[data-view='open']")).click();
                Await.until("back to all open", Duration.ofSeconds(10), () -> "open".equals(browser.findElement(
                        By.cssSelector("parley-queue")).getAttribute("data-view")) && !browser.findElements(
                        By.cssSelector(".ticket-row[data-ticket-id='" + ticketId + "']")).isEmpty());

                // keyboard only: focus the queue, j selects the first row, Enter opens it
                browser.findElement(By.cssSelector(".queue-list")).sendKeys("j");
                browser.switchTo().activeElement().sendKeys(Keys.ENTER);
                Await.until("the conversation of #" + ticketId, Duration.ofSeconds(10), () -> String.valueOf(ticketId)
                        .equals(browser.findElement(By.cssSelector("parley-conversation")).getAttribute("data-ticket-id")));
                WebElement customerMessage = browser.findElement(By.cssSelector(".message.inbound"));
                assertEquals("PRIVATE", customerMessage.getAttribute("data-visibility"));
                assertTrue(customerMessage.getText().contains("Direct message"));
                assertTrue("the composer defaults to where the customer wrote",
                        browser.findElement(By.cssSelector("input[name=visibility][value=PRIVATE]")).isSelected());

                browser.findElement(By.cssSelector("input[name=visibility][value=PUBLIC]")).click();
                WebElement text = browser.findElement(By.id("reply-text"));
                String publicReply = "About your refund for order 4471";
                text.sendKeys(publicReply);
                WebElement verdict = browser.findElement(By.id("policy-verdict"));
                Await.until("the refusal before sending", Duration.ofSeconds(5),
                        () -> "false".equals(verdict.getAttribute("data-allowed")));
                assertTrue(verdict.getText(), verdict.getText().startsWith("would be refused: private-stays-private \u2014 "));
                assertEquals((280 - publicReply.length()) + " characters left",
                        browser.findElement(By.id("remaining-chars")).getText());
                assertTrue("nothing was sent by the check", api.get("/api/tickets/" + ticketId).json().get("messages")
                        .findValuesAsText("text").stream().noneMatch(publicReply::equals));

                // the session ends (the cookie is gone): the page asks again and keeps the draft
                browser.manage().deleteCookieNamed("parley_console");
                text.sendKeys(" and more");
                WebElement again = Await.until("the sign-in dialog", Duration.ofSeconds(5),
                        () -> browser.findElements(By.cssSelector("dialog[open] #token")).stream().findFirst().orElse(null));
                again.sendKeys(agentToken, Keys.ENTER);
                Await.until("the dialog to close", Duration.ofSeconds(5),
                        () -> browser.findElements(By.cssSelector("dialog[open]")).isEmpty());
                assertEquals("the draft survived", publicReply + " and more", text.getAttribute("value"));

                SandboxClient sandbox = new SandboxClient(api);
                sandbox.faults("x", "{\"delayMs\":2000}"); // long enough to see QUEUED
                browser.findElement(By.cssSelector("input[name=visibility][value=PRIVATE]")).click();
                text.clear();
                String dmReply = "We are refunding order 4471 today";
                text.sendKeys(dmReply);
                Await.until("the DM to be allowed", Duration.ofSeconds(5),
                        () -> "true".equals(verdict.getAttribute("data-allowed")));
                text.sendKeys(Keys.chord(Keys.CONTROL, Keys.ENTER));
                By sent = By.xpath("//li[contains(@class,'outbound')][.//p[@class='text' and text()='" + dmReply + "']]"
                        + "//p[@class='delivery']");
                Await.until("QUEUED on the page", Duration.ofSeconds(5),
                        () -> browser.findElements(sent).stream().anyMatch(d -> "QUEUED".equals(d.getAttribute("data-delivery"))));
                Await.until("then SENT, live", Duration.ofSeconds(20),
                        () -> browser.findElements(sent).stream().anyMatch(d -> "SENT".equals(d.getAttribute("data-delivery"))));
                sandbox.clearFaults();
                assertEquals(1, sandbox.sent("x", SandboxClient.withText(dmReply)).size());
                assertTrue("the draft is gone once sent", ((String) browser.executeScript(
                        "return localStorage.getItem('parley-console-draft-" + ticketId + "') || ''")).isEmpty());

                WebElement why = Await.until("the rule that set the priority", Duration.ofSeconds(10),
                        () -> browser.findElements(By.cssSelector(".why .firing[data-rule='refunds-go-first']")).stream()
                                .findFirst().orElse(null));
                assertTrue(why.getText(), why.getText().contains("setPriority") && why.getText().contains("HIGH")
                        && why.getText().contains("refund requests are answered first"));

                // a public question: the agent acknowledges it in public and continues by DM, from the composer
                String author = Long.toString(System.nanoTime() % 800_000_000L + 100_000_000L);
                String question = "@acme where is order 4472 " + System.nanoTime();
                String mentionId = sandbox.post("x", "mention", author, "lost" + author, question, true);
                long mentionTicket = ticketOfRow(browser, "the mention in the queue", question);
                openTicket(browser, mentionTicket);
                WebElement handOff = Await.until("the hand-off button, enabled for a public question",
                        Duration.ofSeconds(10), () -> browser.findElements(By.xpath("//button[text()='Hand off to DM']"))
                                .stream().filter(WebElement::isEnabled).findFirst().orElse(null));
                handOff.click();
                Await.until("the public acknowledgement and the DM, both SENT on the page", Duration.ofSeconds(20),
                        () -> browser.findElements(By.cssSelector("li.outbound p.delivery")).stream()
                                .filter(d -> "SENT".equals(d.getAttribute("data-delivery"))).count() >= 2);
                assertEquals("the acknowledgement answers the question in public", 1, sandbox.sent("x",
                        c -> c.get("path").asText().equals("/2/tweets") && mentionId.equals(c.path("body").path("reply")
                                .path("in_reply_to_tweet_id").asText())).size());
                assertEquals("and one DM opens the private conversation", 1, sandbox.sent("x",
                        c -> c.get("path").asText().equals("/2/dm_conversations/with/" + author + "/messages")).size());

                attachAFileFromDisk(browser, api, home);

                Axe.assertNoSeriousViolations(browser, "a conversation with a sent DM and the rules' why");
                Path target = Path.of(System.getProperty("parley.itest.work", "target/itest-work")).getParent();
                SlaWidgetBrowserIT.screenshot(browser, target.resolve("console-conversation.png"));
                SlaWidgetBrowserIT.assertNoAlert(browser);
            } catch (AssertionError | RuntimeException e) {
                throw new AssertionError(e.getMessage() + "\nbrowser console: " + SlaWidgetBrowserIT.console(browser), e);
            } finally {
                browser.quit();
            }

            // a widget token cannot write through the console, nor sign in to it
            HttpClient http = HttpClient.newHttpClient();
            long anyTicket = api.get("/api/tickets").json().at("/tickets/0/id").asLong();
            HttpResponse<String> write = http.send(HttpRequest.newBuilder(URI.create(base + "/agent/api/tickets/"
                    + anyTicket + "/messages/check")).header("Authorization", "Bearer " + widgetToken)
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"text\":\"hi\",\"visibility\":\"PRIVATE\"}")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(write.body(), 403, write.statusCode());
            assertEquals("agent", JSON.readTree(write.body()).get("requiredRole").asText());
            HttpResponse<String> signIn = http.send(HttpRequest.newBuilder(URI.create(base + "/agent/session"))
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(
                            "{\"token\":\"" + widgetToken + "\"}")).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(signIn.body(), 403, signIn.statusCode());
            assertFalse(signIn.headers().firstValue("Set-Cookie").isPresent());
        }
    }

    private static final byte[] PNG = java.util.Base64.getDecoder().decode(
            "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg==");

    /**
     * A file from the agent's disk: on the X conversation it is uploaded but the policy says before sending that X
     * takes no stored file; on a WhatsApp conversation it is allowed, survives a reload in the draft by
     * its attachment id, and reaches the sandbox as an upload to WhatsApp's media endpoint.
     */
    private static void attachAFileFromDisk(ChromeDriver browser, ApiClient api, Path home) throws Exception {
        Path file = Files.createDirectories(home.resolve("agent-desktop")).resolve("receipt.png");
        Files.write(file, PNG);
        // the X conversation of the hand-off is open
        browser.findElement(By.id("attach-file")).sendKeys(file.toString());
        Await.until("the file attached by its id", Duration.ofSeconds(10),
                () -> browser.findElements(By.cssSelector(".attached[data-attachment-id]")).stream().findFirst().orElse(null));
        WebElement verdict = browser.findElement(By.id("policy-verdict"));
        Await.until("X's refusal of a stored file, before sending", Duration.ofSeconds(5),
                () -> "false".equals(verdict.getAttribute("data-allowed"))
                        && "attachment-not-allowed".equals(verdict.getAttribute("data-rule")));
        browser.findElement(By.cssSelector(".attached .remove")).click();
        // dropped on the reply box (a drag from the desktop, as the page's drop handler receives it)
        browser.executeScript("const t = new DataTransfer();"
                + "t.items.add(new File([Uint8Array.from(atob(arguments[0]), c => c.charCodeAt(0))], 'dropped.png',"
                + " {type: 'image/png'}));"
                + "document.querySelector('parley-composer form').dispatchEvent(new DragEvent('drop',"
                + " {dataTransfer: t, bubbles: true, cancelable: true}));", java.util.Base64.getEncoder().encodeToString(PNG));
        WebElement dropped = Await.until("the dropped file attached by its id", Duration.ofSeconds(10),
                () -> browser.findElements(By.cssSelector(".attached[data-attachment-id]")).stream().findFirst().orElse(null));
        assertTrue(dropped.getText(), dropped.getText().contains("dropped.png"));
        dropped.findElement(By.cssSelector(".remove")).click();

        String wa = "49" + (System.nanoTime() % 800_000_000L + 100_000_000L);
        String question = "Can you send me the receipt? " + System.nanoTime();
        ApiClient.Reply posted = api.post("/sandbox/api/customer-posts?wait=true", "{\"platform\":\"whatsapp\","
                + "\"kind\":\"text\",\"authorId\":\"" + wa + "\",\"authorHandle\":\"wa" + wa + "\",\"authorName\":"
                + "\"Sheena Nelson\",\"text\":" + SlaWidgetBrowserIT.quote(question) + "}");
        assertEquals(posted.body(), 200, posted.status());
        long waTicket = ticketOfRow(browser, "the WhatsApp message in the queue", question);
        openTicket(browser, waTicket);
        browser.findElement(By.id("attach-file")).sendKeys(file.toString());
        WebElement attached = Await.until("the file attached by its id", Duration.ofSeconds(10),
                () -> browser.findElements(By.cssSelector(".attached[data-attachment-id]")).stream().findFirst().orElse(null));
        String attachmentId = attached.getAttribute("data-attachment-id");
        assertTrue(attached.getText(), attached.getText().contains("receipt.png"));
        WebElement text = browser.findElement(By.id("reply-text"));
        String reply = "Here is your receipt";
        text.sendKeys(reply);
        Await.until("WhatsApp takes the picture", Duration.ofSeconds(5), () -> "true".equals(
                browser.findElement(By.id("policy-verdict")).getAttribute("data-allowed")));

        browser.navigate().refresh();
        Await.until("the console, live again", Duration.ofSeconds(10), () -> "true".equals(
                browser.findElement(By.cssSelector("parley-console")).getAttribute("data-live")));
        openTicket(browser, waTicket);
        Await.until("the draft kept the attachment by its id", Duration.ofSeconds(5),
                () -> browser.findElements(By.cssSelector(".attached[data-attachment-id='" + attachmentId + "']")).size() == 1);
        WebElement again = browser.findElement(By.id("reply-text"));
        assertEquals(reply, again.getAttribute("value"));
        Await.until("still allowed", Duration.ofSeconds(5), () -> "true".equals(
                browser.findElement(By.id("policy-verdict")).getAttribute("data-allowed")));
        again.sendKeys(Keys.chord(Keys.CONTROL, Keys.ENTER));
        By sent = By.xpath("//li[contains(@class,'outbound')][.//p[@class='text' and text()='" + reply + "']]"
                + "//p[@class='delivery']");
        Await.until("the reply with its picture SENT", Duration.ofSeconds(20),
                () -> browser.findElements(sent).stream().anyMatch(d -> "SENT".equals(d.getAttribute("data-delivery"))));
        String sha256 = java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(PNG));
        java.util.List<com.fasterxml.jackson.databind.JsonNode> calls = new java.util.ArrayList<>();
        api.get("/sandbox/api/sent?platform=whatsapp").json().path("sent").forEach(calls::add);
        assertTrue("the file from disk reached WhatsApp's media endpoint as an upload: " + calls, calls.stream()
                .anyMatch(c -> c.path("path").asText().endsWith("/media")
                        && sha256.equals(c.path("body").path("file").path("sha256").asText())));
        assertTrue("and the message names the uploaded media: " + calls, calls.stream()
                .anyMatch(c -> wa.equals(c.path("body").path("to").asText())
                        && "image".equals(c.path("body").path("type").asText())
                        && reply.equals(c.path("body").path("image").path("caption").asText())));
    }

    /** The ticket of the queue's row whose first line is {@code firstLine}, read within the wait (rows re-render). */
    private static long ticketOfRow(ChromeDriver browser, String what, String firstLine) {
        return Await.until(what, Duration.ofSeconds(15), () -> browser.findElements(By.cssSelector(".ticket-row")).stream()
                .filter(r -> r.findElement(By.cssSelector(".first-line")).getText().equals(firstLine)).findFirst()
                .map(r -> Long.parseLong(r.getAttribute("data-ticket-id"))).orElse(null));
    }

    private static void openTicket(ChromeDriver browser, long ticketId) {
        // clicked within the wait: a row replaced by a live update meanwhile is found again
        Await.condition("#" + ticketId + " in the queue, clicked", Duration.ofSeconds(10), () -> {
            browser.findElement(By.cssSelector(".ticket-row[data-ticket-id='" + ticketId + "']")).click();
            return true;
        });
        Await.until("the conversation of #" + ticketId, Duration.ofSeconds(10), () -> String.valueOf(ticketId)
                .equals(browser.findElement(By.cssSelector("parley-conversation")).getAttribute("data-ticket-id")));
    }

    private static String token(ApiClient api, String name, String role) {
        ApiClient.Reply reply = api.post("/api/tokens", "{\"name\":\"" + name + "\",\"role\":\"" + role + "\"}");
        assertEquals(reply.body(), 201, reply.status());
        return reply.json().get("token").asText();
    }

    /** A fake customer DMs the sandbox X account; the sandbox sends X's signed webhook to Parley. */
    private static void sendSandboxDm(int port, String text) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/sandbox/api/customer-posts"))
                .header("Content-Type", "application/json").timeout(Duration.ofSeconds(10))
                .POST(HttpRequest.BodyPublishers.ofString("{\"platform\":\"x\",\"kind\":\"dm\","
                        + "\"authorHandle\":\"refund_please\",\"text\":" + SlaWidgetBrowserIT.quote(text) + "}"))
                .build();
        HttpResponse<String> response = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
        assertEquals(response.body(), 202, response.statusCode());
    }

}
