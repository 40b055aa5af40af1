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

class ProposeExperimentCommandTest {
    @TempDir
    Path tmp;

    @Test
    void writesTheFourFilesWithCurvesOnEveryAxisAndBothRolesInTheRunStore() throws Exception {
        var out = tmp.resolve("propose");
        var result = run("experiment", "propose", "--seeds", "1", "--steps", "2", "--sft-steps", "5", "--eval-every", "1",
                "--tasks", "4", "-k", "2", "--held-out", "4", "--out", out.toString());
        assertThat(result.code()).as(result.stderr()).isZero();
        assertThat(result.stdout()).contains("proposer", "random", "curriculum", "At equal solver rollouts");
        var summary = new ObjectMapper().readTree(out.resolve("summary.json").toFile());
        var keys = new ArrayList<String>();
        summary.fieldNames().forEachRemaining(keys::add);
        assertThat(keys).containsExactly("seeds", "eval_steps", "pass1", "solver_rollouts", "rollouts",
                "final_pass1_by_level", "warm_start", "verdict", "wall_s");
        // The baselines sample 4 tasks × 2 attempts a step and no proposals.
        assertThat(summary.at("/solver_rollouts/random").toString()).isEqualTo("[0.0,8.0,16.0]");
        assertThat(summary.at("/rollouts/random").toString()).isEqualTo("[0.0,8.0,16.0]");
        // The proposer arm pays 4 proposer generations a step on top of its solver's attempts.
        assertThat(summary.at("/rollouts/proposer/2").asDouble() - summary.at("/solver_rollouts/proposer/2").asDouble()).isEqualTo(8.0);
        assertThat(summary.at("/verdict/equal_solver_rollouts/proposer_beats_random").isBoolean()).isTrue();
        assertThat(Files.readAllLines(out.resolve("metrics.csv"))).hasSize(1 + 3 * 2).first().asString()
                .startsWith("arm,seed,step,heldout_pass1,rollouts_sampled,solver_rollouts,proposer_generations");
        assertThat(Files.readAllBytes(out.resolve("learning_curves.png"))).startsWith(new byte[] {(byte) 0x89, 'P', 'N', 'G'});
        assertThat(Files.readString(out.resolve("report.md"))).contains("## Verdict", "## What the proposer did",
                "solver rollouts**");
        try (var store = RunStore.openReadOnly(out)) {
            var rows = store.rollouts("proposer-seed1/step-000000");
            assertThat(rows).hasSize(4).allSatisfy(r -> assertThat(r.rewardsJson()).contains("\"proposer\"", "\"solver\""));
            assertThat(store.trainSteps("proposer-seed1").get(1)).contains("\"proposals_malformed\"", "\"proposer_generations\":4");
            assertThat(store.trainRuns()).contains("curriculum-seed1", "random-seed1", "proposer-seed1", "sft");
        }
    }

    @Test
    void refusesAnUnknownArmOrRewardNamingTheChoices() {
        var arm = run("experiment", "propose", "--arms", "proposer,random,oracle", "--out", tmp.resolve("a").toString());
        assertThat(arm.code()).isNotZero();
        assertThat(arm.stderr()).contains("oracle", "proposer", "random", "curriculum");
        var reward = run("experiment", "propose", "--reward", "novelty", "--out", tmp.resolve("b").toString());
        assertThat(reward.code()).isNotZero();
        assertThat(reward.stderr()).contains("novelty", "learnability", "uncertainty-paper");
    }
}
