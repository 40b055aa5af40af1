package ai.lyceum.train.demo;

import ai.lyceum.env.feedback.FeedbackEnvironment;
import ai.lyceum.env.feedback.GuidanceKind;
import ai.lyceum.env.procedural.ProceduralEnvironment;
import ai.lyceum.policy.Policy;
import ai.lyceum.train.model.Checkpoint;
import ai.lyceum.train.model.Transformer;
import ai.lyceum.train.optim.TrainingStep;
import ai.lyceum.train.policy.PromptFormat;
import ai.lyceum.train.rl.FeedbackTrainer;
import ai.lyceum.train.rl.RlConfig;
import ai.lyceum.train.rl.StepReport;
import java.util.Map;
import java.util.Optional;

/**
 * A teacher-feedback arm of the {@link GuideDemo} machinery: each run trains with a {@link FeedbackTrainer} from the
 * shared warm start, and a DPO arm's frozen reference is that warm start, loaded once per run.
 */
public final class FeedbackArm {
    private FeedbackArm() {}

    /**
     * @param teacher  the programmatic (or model) teacher, answering a failed attempt with {@code kind} guidance
     * @param settings IS or DPO, attempts per episode, β
     */
    public static GuideDemo.Arm of(String name, RlConfig rl, ProceduralEnvironment environment, Policy teacher,
            GuidanceKind kind, FeedbackTrainer.Settings settings) {
        GuideDemo.TrainerFactory factory = (student, warmStart, config, tasks, store, run) -> {
            Optional<Transformer> reference = settings.update() == FeedbackTrainer.Update.DPO
                    ? Optional.of(Checkpoint.load(warmStart)) : Optional.empty();
            var trainer = new FeedbackTrainer(student, PromptFormat.RAW, environment, tasks, teacher, kind,
                    FeedbackEnvironment.RetryContext.HINT, reference, config, settings, store, run);
            return new GuideDemo.Trainer() {
                @Override
                public StepReport step(int step) throws InterruptedException { return trainer.step(step); }

                @Override
                public TrainingStep optimizer() throws InterruptedException { return trainer.optimizer(); }

                @Override
                public Map<String, Object> extraMetrics() { return trainer.dpoMetrics(); }

                @Override
                public void close() { reference.ifPresent(Transformer::close); }
            };
        };
        return new GuideDemo.Arm(name, rl, 1, Optional.of(factory));
    }
}
