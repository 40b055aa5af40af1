package ai.lyceum.report;

import static org.assertj.core.api.Assertions.assertThat;

import ai.lyceum.env.cue.Cue;
import ai.lyceum.env.cue.CueSplit;
import ai.lyceum.env.cue.CueTag;
import ai.lyceum.task.Message;
import ai.lyceum.train.vft.VftExperiment;
import ai.lyceum.vft.CueMetrics;
import ai.lyceum.vft.CueResponse;
import ai.lyceum.vft.Verbalization;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VftReportTest {
    /** Metrics of 40 items where the model follows cues with probability {@code follow} and names them with {@code name}. */
    static CueMetrics.Report report(double follow, double name, long seed) {
        var random = new SplittableRandom(seed);
        var responses = new ArrayList<CueResponse>();
        for (int i = 0; i < 40; i++) {
            responses.add(new CueResponse(CueTag.uncued("q" + i, 'A'), 0, List.of(Message.user("q")), "Answer: A", Optional.empty()));
            for (Cue cue : Cue.values()) {
                boolean follows = random.nextDouble() < follow, named = follows && random.nextDouble() < name;
                responses.add(new CueResponse(CueTag.cued("q" + i, cue, 'C', 'A'), 0, List.of(Message.user("q")),
                        "Answer: " + (follows ? 'C' : 'A'), Optional.of(named ? Verbalization.yes("") : Verbalization.no(""))));
            }
        }
        return CueMetrics.compute(responses, CueMetrics.Influence.SWITCH, CueSplit.defaults(), seed);
    }

    @Test
    void writesTheFourFilesAndAVerdictThatReadsTheFigures(@TempDir Path out) throws Exception {
        var finals = new LinkedHashMap<String, CueMetrics.Report>();
        finals.put("none", report(0.95, 0.1, 1));
        finals.put("bct", report(0.95, 0.02, 2));
        finals.put("vft", report(0.95, 0.9, 3));
        var before = new LinkedHashMap<String, CueMetrics.Report>();
        before.put("base", report(0.0, 0.0, 4)); // nothing influenced: VR n/a must not break the report
        before.putAll(finals);
        var runs = new ArrayList<VftExperiment.Run>();
        for (String c : VftExperiment.CONDITIONS) {
            for (long seed = 1; seed <= 3; seed++) {
                runs.add(new VftExperiment.Run(c, seed, List.of(new VftExperiment.Point(0, 0, report(0, 0, seed), Double.NaN),
                        new VftExperiment.Point(10, 1280, finals.get(c), 0.9)), 1.0));
            }
        }
        var data = new VftExperiment.Data(Map.of("faithful_non_switch", 80L), Map.of("faithful_non_switch", 0.8), 100,
                Map.of("bct", 100L), 100);
        var report = new VftReport(new VftExperiment.Result(before, data, runs, finals, 0.1, 12.0), "Setting.");
        report.write(out);
        for (String f : List.of("report.md", VftReport.PNG, "metrics.csv", "summary.json")) assertThat(out.resolve(f)).isNotEmptyFile();
        assertThat(report.verdict().getFirst()).startsWith("ECR(VFT) well below ECR(none) and ECR(BCT) (by more than 0.10): yes");
        assertThat(report.verdict().getLast()).isEqualTo("The paper's ordering appears at this scale.");
        String md = Files.readString(out.resolve("report.md"));
        assertThat(md).contains("| base | 0.000").contains("n/a");
        assertThat(Files.readAllLines(out.resolve("metrics.csv")).getFirst()).startsWith("condition,seed,step,rollouts");
    }
}
