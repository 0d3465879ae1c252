package dev.parley.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.io.File;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.junit.Assume;
import org.junit.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.NoAlertPresentException;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.SearchContext;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogType;

/**
 * The SLA dashboard in Debian's headless Chromium against the real parley.jar: the token form, a
 * ticking countdown, a DM a fake customer sends through the social sandbox after the page loaded
 * showing up live (sandbox, signed webhook, inbox, processor, ticket, SLA, stream), a breach marked as
 * such (a one-minute policy from etc/, so the test takes a little over a minute), and a subject
 * full of markup rendered as text. Leaves target/sla-board.png (and -dark) for review.
 */
public class SlaWidgetBrowserIT {

    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    private static final String XSS = "<img src=x onerror=alert(1)>";

    @Test
    public void dashboardTicksShowsNewAndBreachedTicketsLiveAndRendersMarkupAsText() throws Exception {
        requireBrowser();
        long started = System.nanoTime();
        Path home = RuntimeLayout.newWorkDir("sla-browser-");
        Files.createDirectories(home.resolve("etc"));
        // SLA targets are whole minutes: the fastest honest breach is a one-minute first-reply policy
        RuntimeLayout.writeConfig(home.resolve("etc/dev.parley.sla.policy-fast.cfg"),
                "name=fast\nchannels=web\nfirstReplyMinutes=1\n");
        int port = RuntimeLayout.freePort();
        try (ParleyProcess parley = ParleyProcess.start(home, port, "--sandbox")) {
            parley.awaitReady(Duration.ofSeconds(90));
            ApiClient api = parley.api();
            long late = create(api, "web", "Order never arrived");
            long markup = create(api, "x", XSS);
            long calm = create(api, "x", "Love the new app");
            Await.condition("the sandbox X account's webhook", Duration.ofSeconds(30),
                    () -> api.getWithoutToken("/webhooks/x/sandbox-x?crc_token=warm").status() == 200);

            ChromeDriver browser = browser(home);
            try {
                browser.get("http://127.0.0.1:" + port + "/sla/");
                WebElement token = Await.until("the token form", Duration.ofSeconds(10),
                        () -> browser.findElements(By.id("token")).stream().filter(WebElement::isDisplayed).findFirst()
                                .orElse(null));
                // the dashboard needs no more than a widget token, which is what the docs tell people to paste
                ApiClient.Reply widget = api.post("/api/tokens", "{\"name\":\"sla dashboard\",\"role\":\"widget\"}");
                assertEquals(widget.body(), 201, widget.status());
                token.sendKeys(widget.json().get("token").asText());
                browser.findElement(By.cssSelector("#login button[type=submit]")).click();
                SearchContext board = Await.until("the board", Duration.ofSeconds(10),
                        () -> browser.findElement(By.cssSelector("parley-sla-board")).getShadowRoot());
                Await.until("the three tickets and a live stream", Duration.ofSeconds(10),
                        () -> rows(board).size() == 3 && "true".equals(board.findElement(By.cssSelector(".link"))
                                .getAttribute("data-up")));

                // a board sized for two shows the two most urgent and reads on when asked
                browser.executeScript("document.querySelector('parley-sla-board').setAttribute('page-size', '2')");
                Await.until("a page of two and a way to more", Duration.ofSeconds(10),
                        () -> rows(board).size() == 2 && board.findElement(By.cssSelector("button.more")).isDisplayed()
                                && board.findElement(By.cssSelector(".count")).getText().contains("2 most urgent of 3"));
                assertEquals("the one-minute policy's ticket is due first", String.valueOf(late),
                        rows(board).get(0).getAttribute("data-ticket-id"));
                board.findElement(By.cssSelector("button.more")).click();
                Await.until("the third ticket, and no more to show", Duration.ofSeconds(10),
                        () -> rows(board).size() == 3 && !board.findElement(By.cssSelector("button.more")).isDisplayed());
                browser.executeScript("document.querySelector('parley-sla-board').removeAttribute('page-size')");
                Await.until("the whole queue again, live", Duration.ofSeconds(10),
                        () -> rows(board).size() == 3 && "true".equals(board.findElement(By.cssSelector(".link"))
                                .getAttribute("data-up")));

                java.util.List<String> offered = Await.until("the channel filter filled", Duration.ofSeconds(10), () -> {
                    java.util.List<String> options = board.findElements(By.cssSelector(
                            "select[aria-label='Filter by channel'] option")).stream().map(WebElement::getText).toList();
                    return options.contains("Telegram") ? options : null;
                });
                assertTrue("the filter offers the installed platforms' channels, not only those of tickets: " + offered,
                        offered.containsAll(java.util.List.of("WhatsApp", "Telegram", "Messenger", "X", "Web")));

                String before = countdown(board, calm);
                Await.until("the countdown of #" + calm + " to tick (was " + before + ")", Duration.ofSeconds(3),
                        () -> !countdown(board, calm).equals(before));

                String dm = "DM: my parcel is lost " + System.nanoTime();
                long posted = System.nanoTime();
                sendSandboxDm(port, dm);
                // read within the wait: the row re-renders as the ticket's clocks change
                String[] liveRow = Await.until("the sandbox DM to appear without a reload", Duration.ofSeconds(2),
                        () -> rows(board).stream().filter(r -> r.findElement(By.cssSelector(".subject .text")).getText()
                                .equals(dm)).findFirst().map(r -> new String[] {r.getAttribute("data-ticket-id"),
                                        r.getText()}).orElse(null));
                long appearedMs = (System.nanoTime() - posted) / 1_000_000;
                long live = Long.parseLong(liveRow[0]);
                assertTrue("a DM is shown as private", liveRow[1].contains("Private"));
                ApiClient.Reply ticket = api.get("/api/tickets/" + live);
                assertEquals("x", ticket.json().get("channel").asText());
                assertEquals("the ticket came from the sandbox DM, not the REST API", "PRIVATE",
                        ticket.json().at("/messages/0/visibility").asText());
                assertEquals("INBOUND", ticket.json().at("/messages/0/direction").asText());

                WebElement markupRow = board.findElement(row(markup));
                assertEquals("customer markup is shown as text", XSS,
                        markupRow.findElement(By.cssSelector(".subject .text")).getText());
                assertTrue("no element was made from customer text", board.findElements(By.cssSelector("img")).isEmpty());
                assertEquals(0L, browser.executeScript(
                        "return document.querySelector('parley-sla-board').shadowRoot.querySelectorAll('img').length"));
                assertNoAlert(browser);

                assertTrue("state is written out, not only coloured",
                        board.findElement(row(calm)).getText().contains("On track"));
                assertEquals("0", board.findElement(row(calm)).getAttribute("tabindex"));
                assertEquals("which deadline binds is written out", "POLICY",
                        board.findElement(row(calm)).getAttribute("data-binding"));
                assertTrue(board.findElement(row(calm)).getText().contains("(policy)"));
                assertTrue(board.findElement(row(calm)).getAttribute("aria-label").contains("Love the new app"));

                Await.until("the server to call #" + late + " breached", Duration.ofSeconds(80),
                        () -> api.get("/api/sla/tickets/" + late).json().at("/nextDue/state").asText().equals("BREACHED"));
                Await.until("#" + late + " to be marked breached", Duration.ofSeconds(3),
                        () -> "BREACHED".equals(board.findElement(row(late)).getAttribute("data-state")));
                String breached = board.findElement(row(late)).getText();
                assertTrue(breached, breached.contains("Breached") && breached.contains("overdue"));
                assertEquals("the breached ticket is on top", String.valueOf(late),
                        rows(board).get(0).getAttribute("data-ticket-id"));
                assertNoAlert(browser);

                Path target = Path.of(System.getProperty("parley.itest.work", "target/itest-work")).getParent();
                screenshot(browser, target.resolve("sla-board.png"));
                browser.executeScript("document.documentElement.style.colorScheme = 'dark';"
                        + "document.querySelector('parley-sla-board').setAttribute('theme', 'dark')");
                screenshot(browser, target.resolve("sla-board-dark.png"));
                System.out.printf("SlaWidgetBrowserIT: new ticket shown %d ms after its POST; whole test %d s%n",
                        appearedMs, (System.nanoTime() - started) / 1_000_000_000L);
            } catch (AssertionError | RuntimeException e) {
                throw new AssertionError(e.getMessage() + "\nbrowser console: " + console(browser), e);
            } finally {
                browser.quit();
            }
        }
    }

    /** Skips on a developer machine without Chromium; under CI a missing browser is a failure. */
    static void requireBrowser() {
        boolean present = Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER);
        String ci = System.getenv("CI");
        if (!present && ci != null && !ci.isBlank()) {
            fail("CI is set but " + CHROMIUM + " or " + CHROMEDRIVER + " is missing: .ci/run installs chromium and chromium-driver");
        }
        Assume.assumeTrue("no " + CHROMIUM + " / " + CHROMEDRIVER + " (apt-get install chromium chromium-driver)", present);
    }

    static ChromeDriver browser(Path home) throws Exception {
        Path profile = Files.createDirectories(home.resolve("chromium-profile"));
        ChromeOptions options = new ChromeOptions();
        // both paths explicit: Selenium Manager never runs and never downloads a browser or a driver
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
                "--user-data-dir=" + profile, "--window-size=1280,900", "--force-prefers-reduced-motion");
        options.setCapability("goog:loggingPrefs", Map.of(LogType.BROWSER, "ALL"));
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort().withLogFile(home.resolve("chromedriver.log").toFile()).build();
        return new ChromeDriver(service, options);
    }

    private static long create(ApiClient api, String channel, String subject) {
        String json = String.format("{\"subject\":%s,\"channel\":\"%s\",\"requester\":{\"email\":\"%s@customers.example\"},"
                + "\"description\":\"hello\"}", quote(subject), channel, channel);
        ApiClient.Reply reply = api.post("/api/tickets", json);
        assertEquals(reply.body(), 201, reply.status());
        return reply.json().get("id").asLong();
    }

    /** A fake customer DMs the sandbox X account; the sandbox sends X's signed webhook to Parley. */
    private static void sendSandboxDm(int port, String text) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/sandbox/api/customer-posts"))
                .header("Content-Type", "application/json").timeout(Duration.ofSeconds(10))
                .POST(HttpRequest.BodyPublishers.ofString("{\"platform\":\"x\",\"kind\":\"dm\","
                        + "\"authorHandle\":\"parcel_lost\",\"text\":" + quote(text) + "}"))
                .build();
        HttpResponse<String> response = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
        assertEquals(response.body(), 202, response.statusCode());
    }

    static String quote(String text) {
        return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    private static By row(long ticketId) {
        return By.cssSelector("tbody tr[data-ticket-id='" + ticketId + "']");
    }

    private static List<WebElement> rows(SearchContext board) {
        return board.findElements(By.cssSelector("tbody tr[data-ticket-id]"));
    }

    private static String countdown(SearchContext board, long ticketId) {
        return board.findElement(row(ticketId)).findElement(By.cssSelector(".countdown")).getText();
    }

    static void assertNoAlert(ChromeDriver browser) {
        try {
            String text = browser.switchTo().alert().getText();
            fail("customer text ran script: an alert said " + text);
        } catch (NoAlertPresentException expected) {
            // nothing ran
        }
    }

    static void screenshot(ChromeDriver browser, Path file) throws Exception {
        File shot = browser.getScreenshotAs(OutputType.FILE);
        Files.copy(shot.toPath(), file, StandardCopyOption.REPLACE_EXISTING);
    }

    static String console(ChromeDriver browser) {
        try {
            return browser.manage().logs().get(LogType.BROWSER).getAll().stream().map(Object::toString)
                    .collect(Collectors.joining("\n"));
        } catch (RuntimeException e) {
            return "(unavailable: " + e.getMessage() + ")";
        }
    }
}
