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

    /**
     * Records an experiment's warm-start SFT step (run {@code sft}, or {@code sft-CONDITION} when an experiment
     * warm-starts several conditions) and shows it on the progress bar.
     */
    static void sftStep(ai.lyceum.run.RunStore store, TrainingProgress progress, String condition, StepStats s) {
        var outcome = sft(s);
        store.recordTrainStep(condition.isEmpty() ? "sft" : "sft-" + condition, s.step(), outcome.metrics(), outcome.guidance());
        progress.step("SFT " + (condition.isEmpty() ? "" : condition + " ") + outcome.summary());
    }

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
