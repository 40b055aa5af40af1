package ai.lyceum.ares.annotate;

import ai.lyceum.ares.model.Annotation;
import ai.lyceum.ares.model.NumericTrajectory;
import ai.lyceum.ares.model.Rollout;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * Ground-truth success without a model: the last frame's success label when the dataset has one, otherwise 1 when
 * a reward of at least 1 was reached and 0 when rewards exist but never reach it. No evidence is a skip, not 0.
 */
public final class SuccessAnnotator implements Annotator {
    public static final String NAME = "success";
    static final String VERSION = "success-1";
    /** The skip reason for episodes with neither per-step rewards nor success labels. */
    public static final String NO_EVIDENCE = "no_success_evidence";

    @Override
    public String name() { return NAME; }

    @Override
    public String promptVersion() { return VERSION; }

    @Override
    public Annotation annotate(Rollout rollout) throws NotApplicable {
        var rewardStep = rollout.trajectory().rewardStep();
        if (rewardStep.isPresent()) return of(rewardStep.get() >= 0 ? 1.0 : 0.0, Instant.now());
        return annotate(NumericTrajectory.of(rollout.trajectory()), Instant.now())
                .orElseThrow(() -> new NotApplicable(NO_EVIDENCE, rollout.path() + " has no per-step rewards or success labels"));
    }

    public static Optional<Annotation> annotate(NumericTrajectory t, Instant now) {
        if (t.lastSuccess().isPresent()) return Optional.of(of(t.lastSuccess().get() ? 1.0 : 0.0, now));
        return rewardStep(t).map(step -> of(step >= 0 ? 1.0 : 0.0, now));
    }

    /** ARES's reward_step: the first step with reward ≥ 1, −1 when never reached, empty without rewards. */
    public static Optional<Integer> rewardStep(NumericTrajectory t) {
        // an empty reward list (a rollout that failed before any turn) says nothing about success
        return t.rewards().filter(r -> r.length > 0).map(r -> {
            for (int i = 0; i < r.length; i++) if (r[i] >= 1) return i;
            return -1;
        });
    }

    private static Annotation of(double success, Instant now) {
        return new Annotation(NAME, Optional.empty(), VERSION, now, Map.of("task_success", success));
    }
}
