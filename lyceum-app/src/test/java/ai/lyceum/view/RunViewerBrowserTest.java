package ai.lyceum.view;

import ai.lyceum.browser.HeadlessChromium;

import static org.assertj.core.api.Assertions.assertThat;

import ai.lyceum.cli.CliRunner;
import ai.lyceum.policy.openai.StubServer;
import ai.lyceum.run.RunStore;
import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * {@code lyceum view} in a real headless Chromium (apt: chromium chromium-driver) over real run directories: two
 * evals written by {@code lyceum eval} (gold, and a faulty stub server), a tiny {@code lyceum demo}, and a training
 * store written through the run store's API with known curves, hints and step rollouts. Screenshots go to
 * target/view-screenshots.
 */
class RunViewerBrowserTest {
    @TempDir
    static Path dir;
    static RunViewer viewer;
    static WebDriver browser;
    static WebDriverWait await;
    static final Path SHOTS = Path.of("target/view-screenshots");

    @BeforeAll
    static void runsServerAndBrowser() throws Exception {
        var runs = dir.resolve("runs");
        var gold = CliRunner.run("eval", "--env", "gsm8k", "--policy", "gold", "--limit", "12", "--out", runs.resolve("gold").toString());
        assertThat(gold.code()).as(gold.stderr()).isZero();
        // answers "#### 2": right on the one task whose answer is 2, wrong elsewhere; a third of requests fail
        try (var stub = StubServer.start(new StubServer.Faults(Duration.ofMillis(1), 0.3, 0, 0), p -> "#### 2", 5)) {
            var faulty = CliRunner.run("eval", "--env", "gsm8k", "--policy", "openai", "--base-url", stub.baseUrl().toString(),
                    "--model", "stub", "--max-attempts", "1", "--max-failure-rate", "1", "--limit", "12",
                    "--out", runs.resolve("stub").toString());
            assertThat(faulty.code()).as(faulty.stderr()).isZero();
        }
        var demo = CliRunner.run("demo", "--seeds", "1", "--steps", "2", "--sft-steps", "10", "--eval-every", "1",
                "--arms", "grpo,guide", "--out", runs.resolve("demo").toString());
        assertThat(demo.code()).as(demo.stderr()).isZero();
        try (var store = RunStore.open(runs.resolve("train"))) {
            for (var algo : List.of("grpo-seed1", "guide-seed1")) {
                for (int step = 1; step <= 6; step++) {
                    double pass = (algo.startsWith("guide") ? 0.1 : 0.05) * step;
                    var hints = algo.startsWith("guide") && step % 2 == 0
                            ? List.of(new RunStore.GuidanceRecord("cipher-" + step, "reference", "shift each letter back by " + step, 0.5, true))
                            : List.<RunStore.GuidanceRecord>of();
                    store.recordTrainStep(algo, step, Map.of("loss", 1.0 / step, "heldout_pass1", pass), hints);
                }
            }
            // a training step's rollouts, in their own scope of the same table (as TrainingRun writes them)
            var step = store.scope("grpo-seed1/step-000001");
            for (int i = 0; i < 4; i++) {
                var task = ai.lyceum.task.Task.of("cipher-" + i, "decode abc", "xyz");
                var turn = new ai.lyceum.env.Trajectory.Turn("assistant", task.prompt(), ai.lyceum.policy.Completion.ofText("xy" + i));
                step.append(new ai.lyceum.rollout.Rollout(task.id(), 0, new ai.lyceum.env.Trajectory(task, List.of(turn)), "assistant",
                        Map.of("assistant", ai.lyceum.reward.RewardResult.of(i == 0 ? 1 : 0, Map.of())), java.util.Optional.empty(),
                        Duration.ofMillis(5)));
            }
            step.flush();
        }
        viewer = RunViewer.start(List.of(runs), 0);
        browser = HeadlessChromium.start(dir.resolve("chrome-profile"), 1300, 1000);
        await = new WebDriverWait(browser, Duration.ofSeconds(20));
    }


    @AfterAll
    static void stop() {
        if (browser != null) browser.quit();
        if (viewer != null) viewer.close();
    }

    private String base() { return "http://127.0.0.1:" + viewer.port() + "/"; }

    private void shot(String name) throws IOException {
        HeadlessChromium.screenshot(browser, SHOTS, name);
    }

    private List<String> column(String table, int n) {
        return await.ignoring(org.openqa.selenium.StaleElementReferenceException.class).until(d ->
                d.findElements(By.cssSelector("#" + table + " tbody tr td:nth-child(" + n + ")")).stream().map(e -> e.getText()).toList());
    }

    @Test
    void listsRunsAndShowsAnEvalRunWithFailuresHistogramAndTaskRows() throws Exception {
        browser.get(base());
        await.until(ExpectedConditions.numberOfElementsToBe(By.cssSelector("#runs tbody tr"), 4));
        assertThat(browser.findElement(By.id("runs")).getText()).contains("gold", "stub", "train", "demo", "gsm8k", "openai:stub", "1.000");
        shot("01-runs");

        browser.get(base() + "#/run/stub");
        await.until(ExpectedConditions.numberOfElementsToBe(By.cssSelector("#tasks tbody tr"), 12));
        assertThat(browser.findElement(By.id("failures")).getText()).contains("http_500");
        assertThat(browser.findElements(By.cssSelector("#histogram rect"))).hasSize(RunViewer.BINS);
        browser.findElement(By.cssSelector("#tasks th[data-col='mean_reward']")).click();
        browser.findElement(By.cssSelector("#tasks th[data-col='mean_reward']")).click();
        var rewards = column("tasks", 3).stream().map(Double::parseDouble).toList();
        assertThat(rewards).isSortedAccordingTo(java.util.Comparator.reverseOrder());
        new org.openqa.selenium.support.ui.Select(browser.findElement(By.id("task-filter"))).selectByValue("failed");
        await.until(ExpectedConditions.textMatches(By.id("task-count"), java.util.regex.Pattern.compile("^[0-9]+ of 12 tasks$")));
        assertThat(column("tasks", 5)).allSatisfy(f -> assertThat(f).contains("http_500"));
        shot("02-eval-run");
        new org.openqa.selenium.support.ui.Select(browser.findElement(By.id("task-filter"))).selectByValue("all");
        browser.findElement(By.id("task-search")).sendKeys("gsm8k-1");
        await.until(ExpectedConditions.textToBe(By.id("task-count"), "3 of 12 tasks")); // gsm8k-1, -10, -11
    }

    @Test
    void showsARolloutsTrajectoryAndRewardComponents() throws Exception {
        browser.get(base() + "#/run/gold");
        await.until(ExpectedConditions.numberOfElementsToBe(By.cssSelector("#tasks tbody tr"), 12));
        browser.findElement(By.cssSelector("a.rollout-link")).click();
        await.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#turns .turn")));
        assertThat(browser.findElement(By.id("rollout-title")).getText()).contains("reward 1.000");
        assertThat(browser.findElement(By.id("turns")).getText()).contains("turn 1 · assistant", "####");
        assertThat(browser.findElement(By.id("rewards")).getText()).contains("assistant: 1.000", "Diagnostics");
        shot("03-rollout");
    }

    @Test
    void showsLearningCurvesAndTheTeachersHints() throws Exception {
        browser.get(base() + "#/run/train");
        await.until(ExpectedConditions.presenceOfElementLocated(By.id("curve-heldout_pass1")));
        assertThat(browser.findElements(By.cssSelector("#curve-heldout_pass1 polyline"))).hasSize(2);
        assertThat(browser.findElements(By.cssSelector("#guidance tr"))).hasSize(1 + 3);
        assertThat(browser.findElement(By.id("guidance")).getText()).contains("shift each letter back by 4", "guide-seed1");
        shot("04-train-run");
        new org.openqa.selenium.support.ui.Select(browser.findElement(By.id("scope"))).selectByValue("grpo-seed1/step-000001");
        await.until(ExpectedConditions.numberOfElementsToBe(By.cssSelector("#tasks tbody tr"), 4));
        assertThat(browser.findElement(By.id("figures")).getText()).contains("0.250"); // one of four solved
        browser.findElement(By.cssSelector("a.rollout-link")).click();
        await.until(ExpectedConditions.textToBePresentInElementLocated(By.id("turns"), "xy0"));
    }

    @Test
    void showsTheDemosCurvesForBothAlgorithms() throws Exception {
        browser.get(base() + "#/run/demo");
        await.until(ExpectedConditions.presenceOfElementLocated(By.id("curve-heldout_pass1")));
        assertThat(browser.findElement(By.id("curve-heldout_pass1")).getText()).contains("grpo-seed1", "guide-seed1");
        assertThat(browser.findElements(By.cssSelector("#curve-heldout_pass1 polyline"))).hasSize(2);
        assertThat(browser.findElement(By.id("page")).getText()).contains("Teacher's hints");
        shot("06-demo-run");
    }

    @Test
    void comparesTwoRunsTaskByTaskWithAPairedInterval() throws Exception {
        browser.get(base());
        await.until(ExpectedConditions.numberOfElementsToBe(By.cssSelector("#runs tbody tr"), 4));
        browser.findElement(By.cssSelector(".pick[value='gold']")).click();
        browser.findElement(By.cssSelector(".pick[value='stub']")).click();
        browser.findElement(By.id("compare")).click();
        await.until(ExpectedConditions.numberOfElementsToBe(By.cssSelector("#deltas tbody tr"), 12));
        double delta = Double.parseDouble(browser.findElement(By.id("mean-delta")).getText());
        assertThat(delta).isLessThan(-0.5); // the stub is right on one task at most
        assertThat(browser.findElement(By.id("delta-ci")).getText()).startsWith("95% paired bootstrap [");
        shot("05-compare");
    }

    @Test
    void refusesAForgedHostLikeTheAresServer() throws Exception {
        try (var socket = new Socket("127.0.0.1", viewer.port())) {
            socket.getOutputStream().write(("GET /api/runs HTTP/1.1\r\nHost: attacker.example:" + viewer.port()
                    + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.UTF_8));
            assertThat(new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8)).startsWith("HTTP/1.1 403");
        }
    }
}
