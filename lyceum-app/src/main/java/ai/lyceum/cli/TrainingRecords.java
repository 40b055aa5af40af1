package ai.lyceum.cli;

import ai.lyceum.run.RunStore;
import ai.lyceum.train.optim.StepStats;
import ai.lyceum.train.rl.StepReport;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;

/** How {@code train} and {@code demo} write their steps into the run store, so both read back alike. */
final class TrainingRecords {
    private TrainingRecords() {}

    static void sft(RunStore store, StepStats s) {
        store.recordTrainStep("sft", s.step(), Map.of("loss", s.loss(), "grad_norm", s.gradNorm(), "lr", s.lr()), List.of());
    }

    /** An RL step's metrics, its held-out pass@1 when evaluated, and every hint the teacher gave. */
    static void rl(RunStore store, String run, StepReport r, OptionalDouble heldOut) {
        var metrics = new LinkedHashMap<String, Object>(r.metrics());
        heldOut.ifPresent(p -> metrics.put("heldout_pass1", p));
        var uses = r.guidance().stream()
                .map(u -> new RunStore.GuidanceRecord(u.taskId(), u.teacher(), u.text(), u.hintedAccuracy(), u.kept()))
                .toList();
        store.recordTrainStep(run, r.step(), metrics, uses);
    }
}
