package ai.lyceum.cli;

import ai.lyceum.train.TrainingRun;
import ai.lyceum.train.optim.StepStats;
import ai.lyceum.train.rl.StepReport;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;

/** What {@code train} and {@code demo} record of a step, so both read back alike. */
final class TrainingRecords {
    private TrainingRecords() {}

    static TrainingRun.Outcome sft(StepStats s) {
        var metrics = new LinkedHashMap<String, Object>(); // one key order in every process, like the RL steps'
        metrics.put("loss", s.loss());
        metrics.put("grad_norm", s.gradNorm());
        metrics.put("lr", s.lr());
        return new TrainingRun.Outcome(metrics, List.of(), String.format(Locale.ROOT, "loss %.4f", s.loss()));
    }

    /** An RL step's metrics and every hint the teacher gave. */
    static TrainingRun.Outcome rl(StepReport r) {
        return new TrainingRun.Outcome(r.metrics(), r.guidance(),
                String.format(Locale.ROOT, "plain acc %.2f", r.plainAccuracy()));
    }
}
