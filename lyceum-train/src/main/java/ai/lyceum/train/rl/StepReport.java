package ai.lyceum.train.rl;

import ai.lyceum.run.RunStore;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What one RL step did (../shared/specs/guide.md §11.5).
 *
 * @param plainAccuracy   mean reward of the plain rollouts
 * @param allFailedShare  prompts whose plain rollouts all failed
 * @param guidedPrompts   prompts re-rolled with guidance
 * @param guidedKept      guided groups with mixed outcomes, hence trained on
 * @param hintedAccuracy  mean reward of the guided rollouts (NaN when none)
 * @param trained         sequences trained on
 * @param guidedShare     share of trained sequences that were guided
 * @param gammaP10        10th percentile of the γ applied to guided sequences (NaN when none); so p50, p90
 * @param shapedMean      mean ρ/(ρ+γ) over guided tokens (NaN when none)
 * @param clipFraction    share of on-policy tokens clipped (NaN when none)
 * @param loss            mean loss over the step's updates (NaN when nothing was trained)
 * @param teacherFailures guided prompts the teacher could not speak on
 * @param cost            what the step sampled, every role's generations counted
 * @param updates         optimiser updates made (0 when no group was trainable)
 * @param failedRollouts  rollouts that failed (the policy, the environment or the reward): counted here, left
 *                        out of the update, never scored 0
 * @param guidance        each use of the teacher this step
 */
public record StepReport(int step, int prompts, double plainAccuracy, double allFailedShare, int guidedPrompts,
        int guidedKept, double hintedAccuracy, int trained, double guidedShare, double gammaP10, double gammaP50,
        double gammaP90, double shapedMean, double clipFraction, double kl, double loss, double gradNorm,
        int teacherFailures, Cost cost, int updates, int failedRollouts, double seconds, List<RunStore.GuidanceRecord> guidance) {

    /**
     * Generations a step paid for: the student's plain and guided rollouts and the teacher's turns (one per guided
     * prompt: its rollouts share the teacher's words).
     */
    public record Cost(int plainRollouts, int guidedRollouts, int teacherCalls) {
        /** Everything sampled: the equal-cost axis on which algorithms are compared. */
        public int rolloutsSampled() { return plainRollouts + guidedRollouts + teacherCalls; }
    }

    /** The figures by name, as the run store and metrics.csv keep them; NaN (nothing to measure) becomes null. */
    public Map<String, Object> metrics() {
        var m = new LinkedHashMap<String, Object>();
        m.put("prompts", prompts);
        m.put("plain_accuracy", finite(plainAccuracy));
        m.put("all_failed_share", finite(allFailedShare));
        m.put("guided_prompts", guidedPrompts);
        m.put("guided_kept", guidedKept);
        m.put("hinted_accuracy", finite(hintedAccuracy));
        m.put("trained", trained);
        m.put("guided_share", finite(guidedShare));
        m.put("gamma_p10", finite(gammaP10));
        m.put("gamma_p50", finite(gammaP50));
        m.put("gamma_p90", finite(gammaP90));
        m.put("shaped_ratio_mean", finite(shapedMean));
        m.put("clip_fraction", finite(clipFraction));
        m.put("kl", finite(kl));
        m.put("loss", finite(loss));
        m.put("grad_norm", finite(gradNorm));
        m.put("teacher_failures", teacherFailures);
        m.put("rollouts_sampled", cost.rolloutsSampled());
        m.put("plain_rollouts", cost.plainRollouts());
        m.put("guided_rollouts", cost.guidedRollouts());
        m.put("teacher_calls", cost.teacherCalls());
        m.put("updates", updates);
        m.put("failed_rollouts", failedRollouts);
        m.put("seconds", seconds);
        return m;
    }

    /** A figure as the run store and metrics.csv keep it: NaN (nothing to measure) and infinities become null. */
    public static Double finite(double x) { return Double.isFinite(x) ? x : null; }
}
