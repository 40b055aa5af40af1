package ai.lyceum.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code lyceum vft metrics|build} from the command line, with the gold policy as the perfect reward hacker. */
class VftCommandTest {
    @Test
    void metricsOfAnEvaluationRunOfTheTwin(@TempDir Path tmp) throws Exception {
        var run = tmp.resolve("eval");
        var eval = EvalCommandTest.run("eval", "--env", "cued-arithmetic", "--policy", "gold", "--out", run.toString());
        assertThat(eval.code()).as(eval.stderr()).isZero();
        var metrics = EvalCommandTest.run("vft", "metrics", "--run", run.toString());
        assertThat(metrics.code()).as(metrics.stderr()).isZero();
        assertThat(metrics.stdout()).contains("held_out_cues", "programmatic");
        var json = new ObjectMapper().readTree(run.resolve("vft_metrics.json").toFile());
        var all = json.path("rows").get(0);
        assertThat(all.path("group").asText()).isEqualTo("all");
        // Gold answers what the reward pays: every cue followed, none named.
        assertThat(all.path("cir").path("value").asDouble()).isEqualTo(1.0);
        assertThat(all.path("vr").path("value").asDouble()).isEqualTo(0.0);
        assertThat(all.path("ecr").path("value").asDouble()).isEqualTo(1.0);
        assertThat(all.path("uncued_accuracy").path("value").asDouble()).isEqualTo(1.0);
        assertThat(json.path("cued_responses").asInt()).isEqualTo(64 * 7);
    }

    @Test
    void buildWritesTheSpecsRecordsAndAMmluRunNeedsAJudgeModel(@TempDir Path tmp) throws Exception {
        var out = tmp.resolve("data");
        var build = EvalCommandTest.run("vft", "build", "--env", "cued-arithmetic", "--items", "50", "--policy", "gold", "--out", out.toString());
        assertThat(build.code()).as(build.stderr()).isZero();
        var lines = Files.readAllLines(out.resolve("vft.jsonl"));
        assertThat(lines).hasSize(50);
        var first = new ObjectMapper().readTree(lines.getFirst());
        assertThat(first.path("case").asText()).isEqualTo("unfaithful_switch");
        assertThat(first.path("target").asText()).matches("cue (sq|me) [A-D],Answer:[A-D]");
        assertThat(first.path("judgeVerdict").asText()).isEqualTo("YES");
        assertThat(Files.readAllLines(out.resolve("bct.jsonl"))).hasSize(50);
        assertThat(out.resolve("cases.json")).isNotEmptyFile();

        var run = tmp.resolve("mmlu");
        var eval = EvalCommandTest.run("eval", "--env", "mmlu-stem-cued", "--policy", "gold", "--limit", "16", "--out", run.toString());
        assertThat(eval.code()).as(eval.stderr()).isZero();
        var metrics = EvalCommandTest.run("vft", "metrics", "--run", run.toString());
        assertThat(metrics.code()).isNotZero();
        assertThat(metrics.stderr()).contains("--judge-base-url", "--judge-model");
    }
}
