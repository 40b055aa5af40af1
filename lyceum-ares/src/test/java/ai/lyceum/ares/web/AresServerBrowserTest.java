package ai.lyceum.ares.web;

import ai.lyceum.browser.HeadlessChromium;

import static org.assertj.core.api.Assertions.assertThat;

import ai.lyceum.ares.Ares;
import ai.lyceum.ares.synth.SyntheticLeRobot;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/** Drives the web UI in a real headless Chromium (apt: chromium chromium-driver); screenshots go to target/screenshots. */
class AresServerBrowserTest {
    @TempDir
    static Path dir;
    static AresServer server;
    static WebDriver browser;
    static WebDriverWait await;
    static final Path SHOTS = Path.of("target/screenshots");

    @BeforeAll
    static void startServerAndBrowser() throws Exception {
        var data = dir.resolve("synth");
        new SyntheticLeRobot(120, 5, 100_000, false).write(data);
        var store = dir.resolve("store").toString();
        Ares.ingest(Ares.Format.LEROBOT, data, store);
        server = AresServer.start(store, 0);
        browser = HeadlessChromium.start(dir.resolve("chrome-profile"), 1400, 1000);
        await = new WebDriverWait(browser, Duration.ofSeconds(20));
    }


    @AfterAll
    static void stop() throws Exception {
        if (browser != null) browser.quit();
        if (server != null) server.close();
    }

    private String base() { return "http://127.0.0.1:" + server.port() + "/"; }

    /** Clicks what the UI may be re-rendering at that moment, finding it again if it went stale. */
    private void click(By by) {
        await.ignoring(org.openqa.selenium.StaleElementReferenceException.class).until(d -> {
            d.findElement(by).click();
            return true;
        });
    }

    private void shot(String name) throws Exception {
        HeadlessChromium.screenshot(browser, SHOTS, name);
    }

    @Test
    void filtersSortsOpensAnEpisodeTagsItAndExports() throws Exception {
        browser.get(base());
        await.until(ExpectedConditions.textToBe(By.id("summary"), "120 episodes, " + frames() + " frames, 5 tasks"));
        assertThat(browser.findElements(By.cssSelector("#episodes tbody tr"))).hasSize(50);
        assertThat(browser.findElements(By.cssSelector("#dist rect"))).hasSize(10);
        shot("01-list");

        browser.findElement(By.id("filter")).sendKeys("task_success = 0.0");
        browser.findElement(By.id("apply")).click();
        await.until(ExpectedConditions.textToBePresentInElementLocated(By.id("summary"), "40 episodes"));

        click(By.cssSelector("#episodes th[data-col='length']"));
        await.until(ExpectedConditions.attributeContains(By.cssSelector("#episodes th[data-col='length']"), "class", "sorted"));
        click(By.cssSelector("#episodes th[data-col='length']"));
        await.until(ExpectedConditions.attributeContains(By.cssSelector("#episodes th[data-col='length']"), "class", "desc"));
        var lengths = await.ignoring(org.openqa.selenium.StaleElementReferenceException.class).until(d ->
                d.findElements(By.cssSelector("#episodes tbody tr td:nth-child(3)")).stream()
                        .map(e -> Integer.parseInt(e.getText())).toList());
        assertThat(lengths).hasSize(40).isSortedAccordingTo(java.util.Comparator.reverseOrder());
        shot("02-filtered-sorted");

        click(By.cssSelector("#episodes tbody tr"));
        await.until(ExpectedConditions.numberOfElementsToBe(By.cssSelector("#similar li"), 10));
        assertThat(browser.findElements(By.cssSelector("#plots svg polyline")))
                .hasSize(SyntheticLeRobot.STATE_DIM + SyntheticLeRobot.ACTION_DIM);
        assertThat(browser.findElement(By.id("plots")).getText()).contains("state_0", "motor_0").doesNotContain("action 0");
        assertThat(browser.findElement(By.id("annotations")).getText()).contains("stats").contains("stats-1");
        browser.findElement(By.id("tag-input")).sendKeys("keep");
        browser.findElement(By.id("add-tag")).click();
        await.until(ExpectedConditions.textToBePresentInElementLocated(By.id("tags"), "keep"));
        shot("03-episode");

        browser.navigate().to(base() + "#/");
        var filter = browser.findElement(By.id("filter"));
        filter.clear();
        filter.sendKeys("tag = 'keep'");
        browser.findElement(By.id("apply")).click();
        await.until(ExpectedConditions.textToBePresentInElementLocated(By.id("summary"), "1 episodes"));

        var href = browser.findElement(By.id("export-jsonl")).getAttribute("href");
        try (var http = HttpClient.newHttpClient()) {
            var body = http.send(HttpRequest.newBuilder(URI.create(href)).build(), HttpResponse.BodyHandlers.ofString()).body();
            assertThat(body.lines()).hasSize(1);
        }
        browser.findElement(By.id("export-lerobot")).click();
        await.until(ExpectedConditions.textToBePresentInElementLocated(By.id("action-result"), "exported 1 episodes"));
        shot("04-exported");
    }

    @Test
    void anEpisodeOpenedDirectlyStillShowsTheStoreSummary() throws Exception {
        browser.get(base());
        await.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#episodes tbody tr")));
        var id = browser.findElement(By.cssSelector("#episodes tbody tr")).getAttribute("data-id");
        browser.navigate().to("about:blank");
        browser.get(base() + "#/episode/" + id); // a fresh page load on the episode route
        await.until(ExpectedConditions.textToBePresentInElementLocated(By.id("summary"), "120 episodes"));
    }

    @Test
    void showsAFilterErrorInsteadOfFailingSilently() throws Exception {
        browser.get(base());
        await.until(ExpectedConditions.textToBePresentInElementLocated(By.id("summary"), "episodes"));
        browser.findElement(By.id("filter")).sendKeys("no_such_column = 1");
        browser.findElement(By.id("apply")).click();
        await.until(ExpectedConditions.textToBePresentInElementLocated(By.id("filter-error"), "unknown column 'no_such_column'"));
        shot("05-filter-error");
    }

    private static long frames() {
        long n = 0;
        for (int e = 0; e < 120; e++) n += SyntheticLeRobot.length(e);
        return n;
    }
}
