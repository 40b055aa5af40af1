package ai.lyceum.bench.researchrubrics;

import ai.lyceum.browser.HeadlessChromium;

import static org.assertj.core.api.Assertions.assertThat;

import ai.lyceum.reward.rubric.Grading;
import ai.lyceum.reward.rubric.RrTask;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

/** report.html of a graded run, opened from disk in a real headless Chromium (apt: chromium chromium-driver). */
class ReportPageBrowserTest {
    @TempDir
    static Path dir;
    static WebDriver browser;
    static Path page;
    static final Path SHOTS = Path.of("target/screenshots");

    @BeforeAll
    static void gradeAndOpen() throws Exception {
        var data = RrSynthetic.write(dir, 6, 3, 0);
        try (var out = Files.newBufferedWriter(dir.resolve("stored.jsonl"))) {
            for (int t = 0; t < 6; t++) {
                var states = data.states().get(t);
                for (int j = 0; j < states.length; j++) {
                    out.write("{\"sample_id\": \"" + data.sampleIds().get(t) + "\", \"criterion_index\": " + (j + 1)
                            + (t == 5 ? ", \"verdict\": \"Error\", \"success\": false, \"failure\": \"missing_report\"}\n"
                            : ", \"verdict\": \"" + GradeReplayTest.NAMES[states[j]] + "\", \"evidence_quotes\": [\"P" + j
                            + ": <b>" + RrSynthetic.STATES.get(states[j]) + "</b>\"]}\n"));
                }
            }
        }
        var tasks = RrTask.read(dir.resolve("processed_data.jsonl"));
        var reports = new HashMap<String, Report>();
        for (var t : tasks) reports.put(t.sampleId(), Report.find(dir.resolve("reports"), t.sampleId()));
        RrRun.grade(tasks, reports, StoredVerdicts.read(dir.resolve("stored.jsonl")), dir.resolve("run"),
                new RrRun.Options(Grading.TERNARY, RrScores.OnFailure.ZERO, ChunkMode.FIXED, 1, Map.of()), null);
        page = dir.resolve("run/report.html");

        browser = HeadlessChromium.start(dir.resolve("chrome-profile"), 1300, 1000);
    }


    @AfterAll
    static void quit() {
        if (browser != null) browser.quit();
    }

    @Test
    void showsHeadlineTablesChartAndDrillDown() throws Exception {
        var html = Files.readString(page);
        assertThat(html).doesNotContain("http://", "https://", "<script", "<link"); // self-contained, nothing fetched
        browser.get(page.toUri().toString());
        new WebDriverWait(browser, Duration.ofSeconds(20)).until(d -> d.findElement(By.id("headline")).isDisplayed());
        assertThat(browser.findElement(By.id("headline")).getText()).startsWith("Compliance ").contains("over 6 of 6 reports",
                "ternary grading", "items failed (scored 0)");
        assertThat(browser.findElements(By.cssSelector("#per-axis tbody tr"))).hasSize(6);
        assertThat(browser.findElements(By.cssSelector("#per-domain tbody tr"))).hasSize(6);
        assertThat(browser.findElements(By.cssSelector("#failures tbody tr"))).singleElement()
                .satisfies(r -> assertThat(r.getText()).contains("missing_report"));
        var bars = browser.findElements(By.cssSelector("#axis-chart rect.bar"));
        assertThat(bars).hasSize(6);
        assertThat(bars).allSatisfy(b -> assertThat(b.getSize().getWidth()).isPositive());
        assertThat(browser.findElements(By.cssSelector("#worst tbody tr"))).isNotEmpty();
        HeadlessChromium.screenshot(browser, SHOTS, "researchrubrics-top");

        // Drill-down: closed at first; opening a report shows its criteria with the judge's quoted evidence, escaped.
        var report = browser.findElement(By.id("r-" + RrSynthetic.sampleId(1)));
        var firstRow = By.cssSelector("table.items tbody tr");
        assertThat(report.findElement(firstRow).isDisplayed()).isFalse();
        report.findElement(By.tagName("summary")).click();
        ((org.openqa.selenium.JavascriptExecutor) browser).executeScript("arguments[0].scrollIntoView()", report);
        assertThat(report.findElement(firstRow).isDisplayed()).isTrue();
        assertThat(report.findElements(firstRow)).hasSize(RrSynthetic.criteria(1));
        assertThat(report.findElement(firstRow).getText()).contains("The response covers point P0 of task 1.", "P0: <b>");
        assertThat(report.findElements(By.tagName("b"))).hasSize(1); // only the summary's own <b>: quotes stay text
        HeadlessChromium.screenshot(browser, SHOTS, "researchrubrics-drilldown");
    }
}
