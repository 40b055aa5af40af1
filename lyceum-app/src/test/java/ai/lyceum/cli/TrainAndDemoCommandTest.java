package ai.lyceum.cli;

import static ai.lyceum.cli.EvalCommandTest.run;
import static org.assertj.core.api.Assertions.assertThat;

import ai.lyceum.run.RunStore;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrainAndDemoCommandTest {
    @TempDir
    Path tmp;

    @Test
    void trainWritesAServableCheckpointAndRecordsEveryStepAndHint() throws Exception {
        var sft = tmp.resolve("sft");
        assertThat(run("train", "--env", "cipher", "--algo", "sft", "--steps", "6", "--out", sft.toString()).code()).isZero();
        var guide = tmp.resolve("guide");
        var trained = run("train", "--env", "cipher", "--algo", "guide", "--init", sft.resolve("checkpoint").toString(),
                "--steps", "2", "--eval-every", "1", "--out", guide.toString());
        assertThat(trained.code()).as(trained.stderr()).isZero();
        assertThat(trained.stdout()).contains("guide on cipher: held-out greedy pass@1");
        try (var store = RunStore.open(guide)) {
            assertThat(store.trainSteps("guide")).containsOnlyKeys(0, 1);
            assertThat(store.trainSteps("guide").get(1)).contains("\"heldout_pass1\"", "\"guided_share\"");
            // An untrained model fails every plain rollout, so every prompt gets the reference teacher's hint.
            assertThat(store.guidance("guide")).hasSize(32).allSatisfy(g -> assertThat(g.teacher()).isEqualTo("reference"));
            // Training rollouts sit in the evaluation's table, a scope per step; held-out evaluations too.
            assertThat(store.rollouts("guide/step-000000")).hasSize(128);
            assertThat(store.rollouts("guide/step-000001/guided")).hasSize(16 * 8);
            assertThat(store.rollouts("guide/eval-step-000002")).hasSize(512);
        }
        var summary = new ObjectMapper().readTree(guide.resolve("summary.json").toFile());
        assertThat(summary.get("algo").asText()).isEqualTo("guide");

        var eval = tmp.resolve("eval");
        var evaluated = run("eval", "--env", "cipher", "--policy", "embedded:" + guide.resolve("checkpoint"), "--limit", "20",
                "--out", eval.toString(), "--json");
        assertThat(evaluated.code()).as(evaluated.stderr()).isZero();
        assertThat(new ObjectMapper().readTree(eval.resolve("summary.json").toFile()).get("rollouts").asInt()).isEqualTo(20);
    }

    @Test
    void badTrainingInputIsNamed() {
        assertThat(run("train", "--env", "gsm8k", "--algo", "sft", "--steps", "1", "--out", tmp.resolve("x").toString()).stderr())
                .contains("--algo sft needs a warm-start corpus");
        assertThat(run("train", "--env", "nope", "--algo", "grpo", "--steps", "1", "--out", tmp.resolve("x").toString()).stderr())
                .contains("unknown environment 'nope'", "cipher", "gsm8k");
        assertThat(run("train", "--env", "cipher", "--algo", "guide", "--teacher", "oracle", "--steps", "1",
                "--out", tmp.resolve("w").toString()).stderr()).contains("--teacher must be reference or openai");
        assertThat(tmp.resolve("w")).as("nothing is created before the input is checked").doesNotExist();
        assertThat(run("train", "--env", "cipher", "--algo", "grpo", "--init", tmp.resolve("none").toString(), "--steps", "1",
                "--out", tmp.resolve("v").toString()).stderr()).contains("not a checkpoint directory");
        assertThat(run("train", "--env", "cipher", "--algo", "ppo", "--steps", "1", "--out", tmp.resolve("y").toString()).stderr())
                .contains("--algo must be sft, grpo or guide");
        assertThat(run("eval", "--env", "cipher", "--policy", "embedded:" + tmp.resolve("nothing"), "--out", tmp.resolve("z").toString()).stderr())
                .contains("not a checkpoint directory");
    }

    @Test
    void aShortDemoWritesTheReportThePlotTheCsvAndTheSummary() throws Exception {
        var out = tmp.resolve("demo");
        var result = run("demo", "--seeds", "1", "--steps", "2", "--sft-steps", "10", "--eval-every", "1", "--arms", "grpo,guide", "--out", out.toString());
        assertThat(result.code()).as(result.stderr()).isZero();
        assertThat(result.stdout()).contains("GRPO", "Guide-GRPO", "steps to pass@1 0.5", "rollouts to pass@1 0.5");
        var summary = new ObjectMapper().readTree(out.resolve("summary.json").toFile());
        assertThat(List.copyOf(iterable(summary.fieldNames()))).containsExactly("seeds", "eval_steps", "grpo", "guide",
                "rollouts", "updates", "pass1", "verdict_rollouts_axis", "wall_s");
        assertThat(summary.get("eval_steps").size()).isEqualTo(3);
        assertThat(summary.get("guide").size()).isEqualTo(3);
        // Cumulative rollouts sampled before each evaluation: GRPO samples 16 × 8 per step; Guide adds guided ones.
        assertThat(summary.at("/rollouts/grpo").toString()).isEqualTo("[0.0,128.0,256.0]");
        assertThat(summary.at("/rollouts/guide/2").asDouble()).isGreaterThan(256);
        assertThat(summary.at("/updates/grpo").size()).isEqualTo(3);
        assertThat(Files.readAllLines(out.resolve("metrics.csv"))).hasSize(1 + 2 * 2).first().asString().startsWith("algorithm,seed,step,heldout_pass1");
        byte[] png = Files.readAllBytes(out.resolve("learning_curves.png"));
        assertThat(png).startsWith(new byte[] {(byte) 0x89, 'P', 'N', 'G'});
        assertThat(Files.readString(out.resolve("report.md"))).contains("## Warm start", "| steps to pass@1 0.5 |",
                "| **rollouts to pass@1 0.5** |", "Verdict on the rollouts axis");
        assertThat(out.resolve("checkpoint-sft").resolve("policy.json")).exists();
    }

    @Test
    void trainRefusesAnOutHoldingAnotherRunAndTrainsOnADataSetEnvironment() throws Exception {
        var out = tmp.resolve("countdown");
        var first = run("train", "--env", "countdown", "--algo", "grpo", "--steps", "2", "--eval-every", "2", "--out", out.toString());
        assertThat(first.code()).as(first.stderr()).isZero();
        var again = run("train", "--env", "countdown", "--algo", "grpo", "--steps", "2", "--out", out.toString());
        assertThat(again.stderr()).contains("already holds a run", "--resume");
        var other = run("train", "--env", "countdown", "--algo", "grpo", "--steps", "3", "--out", out.toString(), "--resume");
        assertThat(other.stderr()).contains("was trained with other settings");

        var mmlu = tmp.resolve("mmlu");
        var trained = run("train", "--env", "mmlu-stem", "--algo", "grpo", "--model", "small", "--max-tokens", "8",
                "--prompts", "2", "--group", "2", "--heldout", "4", "--steps", "1", "--out", mmlu.toString());
        assertThat(trained.code()).as(trained.stderr()).isZero();
        try (var store = RunStore.open(mmlu)) {
            assertThat(store.rollouts("grpo/step-000000")).hasSize(4).allSatisfy(r -> assertThat(r.trajectoryJson()).contains("\"assistant\""));
            assertThat(store.rollouts("grpo/eval-step-000001")).hasSize(4);
        }
    }

    private static <T> List<T> iterable(java.util.Iterator<T> it) {
        var out = new java.util.ArrayList<T>();
        it.forEachRemaining(out::add);
        return out;
    }
}
