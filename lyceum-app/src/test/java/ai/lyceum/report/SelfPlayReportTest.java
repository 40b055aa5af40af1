package ai.lyceum.report;

import static org.assertj.core.api.Assertions.assertThat;

import ai.lyceum.env.selfplay.Match;
import ai.lyceum.env.selfplay.MatchResult;
import ai.lyceum.train.selfplay.RoleBaselines;
import ai.lyceum.train.selfplay.SelfPlayExperiment;
import ai.lyceum.train.selfplay.SelfPlayExperiment.Evaluation;
import ai.lyceum.train.selfplay.SelfPlayStep;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SelfPlayReportTest {
    private static Evaluation eval(int step, int games, int winsPerSeat) {
        var random = new MatchResult("random", winsPerSeat, 0, 10 - winsPerSeat, 0, 0);
        var strong = new MatchResult("minimax-player", 0, 2, 8, 0, 0);
        return new Evaluation(step, games, games * 4.0, new Match.Result(random, random), new Match.Result(strong, strong));
    }

    private static SelfPlayExperiment.Run run(String arm, long seed, int[] winsPerSeat) {
        var mode = RoleBaselines.Mode.parse(arm);
        var evals = new ArrayList<Evaluation>();
        var steps = new ArrayList<SelfPlayStep>();
        for (int i = 0; i < winsPerSeat.length; i++) evals.add(eval(2 * i, 2 * i * 8, winsPerSeat[i]));
        for (int s = 0; s < 2 * (winsPerSeat.length - 1); s++) {
            steps.add(new SelfPlayStep(s, 8, 32, 30, 2, 4, 3, 1, 0, 0, 10 - s * 0.5, 0.1, Map.of("tictactoe-v0/player-0", 0.1),
                    0.5, 1.0, 2, 0.3));
        }
        return new SelfPlayExperiment.Run(new SelfPlayExperiment.Arm(arm, mode, RoleBaselines.Order.READ_THEN_UPDATE), seed,
                evals, steps, 5);
    }

    @Test
    void writesTheFourFilesWithTheVerdictOnTheTargetAndTheAblation(@TempDir Path dir) throws Exception {
        var warm = new SelfPlayExperiment.WarmStart(eval(0, 0, 6), 0.17, 3);
        var runs = List.of(run("rae", 1, new int[] {6, 8, 10}), run("rae", 2, new int[] {6, 9, 9}),
                run("none", 1, new int[] {6, 6, 7}), run("none", 2, new int[] {6, 7, 7}));
        var report = new SelfPlayReport(new SelfPlayExperiment.Result("minimax-player", warm, runs, 42), "A test setting.");
        report.write(dir);

        assertThat(dir.resolve(SelfPlayReport.PLOT)).isNotEmptyFile();
        var rae = report.curves("rae");
        assertThat(rae.winOrDrawVsRandom()).containsExactly(new double[] {0.6, 0.85, 0.95}, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(rae.finalVsRandom().games()).isEqualTo(40);
        assertThat(rae.stepsToTarget()).isEqualTo(4);
        assertThat(report.curves("none").stepsToTarget()).isEqualTo(-1);

        var summary = new ObjectMapper().readTree(dir.resolve("summary.json").toFile());
        assertThat(summary.get("verdict").get("target_0.9_met").asBoolean()).isTrue();
        assertThat(summary.get("arms").get("rae").get("final_vs_random_pooled_over_seeds").get("win_or_draw").asDouble()).isEqualTo(0.95);
        assertThat(summary.get("arms").get("none").get("steps_to_0.9").asText()).isEqualTo("not reached");

        var csv = Files.readAllLines(dir.resolve("metrics.csv"));
        assertThat(csv).hasSize(1 + 4 * 4);
        assertThat(csv.getFirst()).startsWith("arm,seed,step,games_sampled,generations_sampled,vs_random_win,");
        assertThat(csv.get(2)).as("step 1 of rae seed 1 ends at evaluation step 2").startsWith("rae,1,1,16,64,0.8000,");

        String md = Files.readString(dir.resolve("report.md"));
        assertThat(md).contains("**Target (win+draw vs random from the untrained level to ≥ 0.9):** met",
                "| rae | 0.950 [0.83, 0.99]", "rae 10.00 → 8.50");
    }
}
