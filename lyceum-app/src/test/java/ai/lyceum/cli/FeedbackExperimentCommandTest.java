package ai.lyceum.cli;

import static ai.lyceum.cli.EvalCommandTest.run;
import static org.assertj.core.api.Assertions.assertThat;

import ai.lyceum.run.RunStore;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FeedbackExperimentCommandTest {
    @TempDir
    Path tmp;

    @Test
    void aShortExperimentWritesTheFourFilesAndCountsEveryRolesGenerations() throws Exception {
        var out = tmp.resolve("feedback");
        var result = run("experiment", "feedback", "--seeds", "1", "--steps", "2", "--sft-steps", "10", "--eval-every", "1",
                "--arms", "grpo,feedback-is-g4,feedback-dpo-g4", "--out", out.toString());
        assertThat(result.code()).as(result.stderr()).isZero();
        assertThat(result.stdout()).contains("GRPO", "feedback-is-g4", "feedback-dpo-g4", "per step", "per rollout", "target");
        var summary = new ObjectMapper().readTree(out.resolve("summary.json").toFile());
        var keys = new ArrayList<String>();
        summary.fieldNames().forEachRemaining(keys::add);
        assertThat(keys).containsExactly("seeds", "eval_steps", "arms", "verdict", "target", "baseline_reached_target", "wall_s");
        assertThat(summary.at("/arms/grpo/rollouts").toString()).isEqualTo("[0.0,128.0,256.0]");
        // 16 prompts × 4 first attempts a step, plus a teacher turn and a retry for each failed one.
        double fed = summary.at("/arms/feedback-is-g4/rollouts/1").asDouble();
        assertThat(fed).isBetween(64.0, 192.0);
        assertThat((fed - 64) % 2).as("teacher turns and retries come in pairs").isZero();
        assertThat(summary.at("/arms/feedback-is-g4/teacher_failures").asDouble()).isZero();
        assertThat(summary.at("/verdict/feedback-dpo-g4/steps_axis").has("ratio_to_0.5")).isTrue();
        assertThat(summary.at("/verdict/feedback-dpo-g4/rollouts_axis").has("area_gain")).isTrue();
        List<String> csv = Files.readAllLines(out.resolve("metrics.csv"));
        assertThat(csv).hasSize(1 + 3 * 2);
        assertThat(csv.getFirst()).startsWith("algorithm,seed,step,heldout_pass1").endsWith("dpo_pairs,dpo_loss,dpo_margin,dpo_accuracy");
        assertThat(Files.readAllBytes(out.resolve("learning_curves.png"))).startsWith(new byte[] {(byte) 0x89, 'P', 'N', 'G'});
        assertThat(Files.readString(out.resolve("report.md"))).contains("Verdict on both axes", "Feedback over training",
                "| **rollouts to pass@1 0.5** |");
        try (var store = RunStore.openReadOnly(out)) {
            var episodes = store.rollouts("feedback-is-g4-seed1/step-000000");
            assertThat(episodes).hasSize(64);
            assertThat(episodes).anySatisfy(r -> assertThat(r.trajectoryJson()).contains("\"teacher\"").contains("<attempt n=\\\"1\\\">"));
            assertThat(episodes).anySatisfy(r -> assertThat(r.rewardsJson()).contains("\"teacher\"", "\"attempt_2\""));
        }
    }

    @Test
    void anUnknownArmOrTeacherIsNamedBeforeAnythingIsWritten() {
        var out = tmp.resolve("x");
        assertThat(run("experiment", "feedback", "--arms", "grpo,feedback-ppo", "--out", out.toString()).stderr())
                .contains("unknown arm 'feedback-ppo'");
        assertThat(run("experiment", "feedback", "--teacher", "oracle", "--out", out.toString()).stderr())
                .contains("--teacher is positions or reference");
        assertThat(run("experiment", "feedback", "--arms", "feedback-is", "--out", out.toString()).stderr())
                .contains("must include grpo");
        assertThat(out).doesNotExist();
    }
}
