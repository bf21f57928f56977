package paxoschat.browser;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

import paxoschat.jepsen.cluster.ServerProcesses;

/**
 * The chat room in a real browser: headless Chromium (Debian's {@code chromium} and
 * {@code chromium-driver}, driven through Selenium) against three server processes. A
 * message typed on a page of server 0 appears on a page of server 1 and back; server 0 is
 * then SIGKILLed, and its page follows another server, shows what is sent afterwards with
 * no gap or repeat, and posts through it. Screenshots of both pages and of server 1's
 * dashboard go to target/browser/. Skipped when Chromium or its driver is not installed.
 * Leaves no browser, driver or server behind, failing or not.
 */
class BrowserChatIT {

    private static final Path CHROMIUM = Path.of(System.getProperty("browser.chromium", "/usr/bin/chromium"));
    private static final Path CHROMEDRIVER = Path.of(System.getProperty("browser.chromedriver", "/usr/bin/chromedriver"));
    private static final Path SHOTS = Path.of("target", "browser");
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    @TempDir
    Path data;
    /** The browsers' temporary files (Chromium leaves some behind when it exits). */
    @TempDir
    Path browserTemp;

    private final List<ChromeDriverService> services = new ArrayList<>();

    @Test
    void aMessageTypedOnOneServersPageAppearsOnAnothersAndAPageFollowsAnotherServerWhenItsOwnIsKilled()
            throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
                "headless Chromium is not installed (" + CHROMIUM + " and " + CHROMEDRIVER
                        + "; Debian packages chromium and chromium-driver): browser test skipped");
        Files.createDirectories(SHOTS);
        Throwable failure = null;
        ServerProcesses cluster = new ServerProcesses(3, Path.of("target", "browser", "logs"), "browser-it", List.of(),
                data);
        WebDriver a = null;
        WebDriver b = null;
        try {
            // Three server JVMs at once take long on a loaded two-core machine.
            cluster.start(Duration.ofSeconds(180));
            a = browser();
            b = browser();
            a.get(cluster.url(0) + "/");
            b.get(cluster.url(1) + "/");
            awaitLiveOn(a, cluster.url(0));
            awaitLiveOn(b, cluster.url(1));

            send(a, "alice", "hello from server 0's page");
            awaitShows(b, "alice: hello from server 0's page");
            send(b, "bob", "hello from server 1's page");
            awaitShows(a, "bob: hello from server 1's page");

            cluster.crash(0);
            send(b, "bob", "sent after server 0 died");
            assertThat(post(cluster.url(2), "carol", "posted through server 2")).isEqualTo(201);
            WebDriver page = a;
            await().atMost(WAIT).pollInSameThread().untilAsserted(() -> {
                assertThat(status(page).get("state")).isEqualTo("live");
                assertThat(status(page).get("url")).isIn(cluster.url(1), cluster.url(2));
            });
            awaitShows(a, "bob: sent after server 0 died");
            awaitShows(a, "carol: posted through server 2");
            // Posted by the page of the dead server through the one it follows now (cross-origin).
            send(a, "alice", "sent from server 0's page after it died");
            awaitShows(b, "alice: sent from server 0's page after it died");
            awaitShows(a, "alice: sent from server 0's page after it died");

            List<String> log = chatLog(cluster.url(1));
            assertThat(shown(a)).as("server 0's page: the whole log in order, no gap, no repeat").isEqualTo(log);
            assertThat(shown(b)).as("server 1's page").isEqualTo(log);
            assertThat(a.findElement(By.id("server")).getText()).contains("this page came from server 0");

            screenshot(a, "chat-page-of-server-0.png");
            screenshot(b, "chat-page-of-server-1.png");
            b.get(cluster.url(1) + "/cluster.html");
            WebDriver dashboard = b;
            await().atMost(WAIT).pollInSameThread().untilAsserted(() -> {
                assertThat(dashboard.findElement(By.cssSelector("#servers tr[data-node='0']")).getAttribute("data-state"))
                        .isEqualTo("down");
                assertThat(dashboard.findElements(By.cssSelector("#servers tr[data-role='leader']"))).hasSize(1);
            });
            screenshot(b, "cluster-dashboard-of-server-1.png");
        } catch (Throwable t) {
            failure = t;
            throw t;
        } finally {
            // Screenshots of a failure too: they show what the pages showed.
            if (failure != null) {
                screenshotQuietly(a, "failed-chat-page-of-server-0.png");
                screenshotQuietly(b, "failed-page-of-server-1.png");
            }
            quit(a);
            quit(b);
            services.forEach(ChromeDriverService::stop);
            killBrowsersLeft();
            cluster.close();
        }
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> assertThat(
                ProcessHandle.current().descendants().filter(ProcessHandle::isAlive).map(BrowserChatIT::describe).toList())
                .as("processes left behind").isEmpty());
    }

    private WebDriver browser() {
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile()).usingAnyFreePort()
                .withEnvironment(Map.of("TMPDIR", browserTemp.toString())).build();
        services.add(service);
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        // --no-sandbox: CI and this machine run the tests as root, where Chromium's sandbox refuses to start.
        options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                "--window-size=900,700");
        return new ChromeDriver(service, options);
    }

    private static void awaitLiveOn(WebDriver page, String url) {
        await().atMost(WAIT).pollInSameThread().untilAsserted(() -> {
            assertThat(status(page)).containsEntry("state", "live").containsEntry("url", url);
        });
    }

    @SuppressWarnings("unchecked")
    private static Map<String, String> status(WebDriver page) {
        return (Map<String, String>) ((JavascriptExecutor) page).executeScript(
                "const s = document.getElementById('server'); return {state: s.dataset.state, url: s.dataset.url};");
    }

    /** Types a message and sends it, as a person would. */
    private static void send(WebDriver page, String name, String text) {
        WebElement nameField = page.findElement(By.id("name"));
        nameField.clear();
        nameField.sendKeys(name);
        page.findElement(By.id("text")).sendKeys(text);
        page.findElement(By.id("send")).click();
    }

    /** The log as the page shows it, one "SEQ SENDER: TEXT" line per entry. */
    @SuppressWarnings("unchecked")
    private static List<String> shown(WebDriver page) {
        return (List<String>) ((JavascriptExecutor) page).executeScript(
                "return Array.from(document.querySelectorAll('#log li'), li => li.dataset.seq + ' '"
                        + " + li.querySelector('.sender').textContent + ': ' + li.querySelector('.text').textContent);");
    }

    private static void awaitShows(WebDriver page, String line) {
        await().atMost(WAIT).pollInSameThread().untilAsserted(() ->
                assertThat(shown(page)).anySatisfy(l -> assertThat(l).endsWith(" " + line)));
    }

    private static int post(String server, String sender, String text) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create(server + "/messages")).timeout(WAIT)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"sender\":\"" + sender + "\",\"text\":\"" + text + "\"}"))
                .build(), HttpResponse.BodyHandlers.ofString()).statusCode();
    }

    private static List<String> chatLog(String server) throws IOException, InterruptedException {
        String body = HTTP.send(HttpRequest.newBuilder(URI.create(server + "/chatlog")).header("Accept", "text/plain")
                .build(), HttpResponse.BodyHandlers.ofString()).body();
        return body.isEmpty() ? List.of() : List.of(body.split("\n"));
    }

    private static void screenshot(WebDriver page, String name) throws IOException {
        Path file = SHOTS.resolve(name);
        Files.write(file, ((ChromeDriver) page).getScreenshotAs(OutputType.BYTES));
        System.out.println("screenshot: " + file.toAbsolutePath());
    }

    private static void screenshotQuietly(WebDriver page, String name) {
        if (page != null) {
            quietly(() -> {
                screenshot(page, name);
                return null;
            });
        }
    }

    private static void quit(WebDriver page) {
        if (page != null) {
            quietly(() -> {
                page.quit();
                return null;
            });
        }
    }

    /** Whatever quit and stop missed (a hung browser): every browser and driver this JVM started. */
    private static void killBrowsersLeft() {
        ProcessHandle.current().descendants()
                .filter(p -> p.info().command().map(c -> new File(c).getName().startsWith("chrom")).orElse(false))
                .forEach(ProcessHandle::destroyForcibly);
    }

    private static String describe(ProcessHandle p) {
        return p.pid() + " " + p.info().commandLine().orElse("?");
    }

    private static void quietly(Callable<Void> action) {
        try {
            action.call();
        } catch (Exception e) {
            System.err.println("cleanup: " + e);
        }
    }
}
