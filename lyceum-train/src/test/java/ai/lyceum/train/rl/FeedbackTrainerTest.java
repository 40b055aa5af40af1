package ai.lyceum.train.rl;

import static org.assertj.core.api.Assertions.assertThat;

import ai.lyceum.env.Role;
import ai.lyceum.env.Trajectory;
import ai.lyceum.policy.Completion;
import ai.lyceum.policy.Tokens;
import ai.lyceum.reward.RewardResult;
import ai.lyceum.rollout.Rollout;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Map;
import ai.lyceum.env.feedback.CipherTeacher;
import ai.lyceum.env.feedback.FeedbackEnvironment;
import ai.lyceum.env.feedback.GuidanceKind;
import ai.lyceum.env.procedural.CipherEnvironment;
import ai.lyceum.failure.Failure;
import ai.lyceum.failure.FailureException;
import ai.lyceum.policy.GenerationRequest;
import ai.lyceum.policy.Policy;
import ai.lyceum.run.RunStore;
import ai.lyceum.task.Task;
import ai.lyceum.train.model.ByteTokenizer;
import ai.lyceum.train.model.ModelConfig;
import ai.lyceum.train.model.Transformer;
import ai.lyceum.train.optim.AdamWSettings;
import ai.lyceum.train.optim.LrSchedule;
import ai.lyceum.train.policy.EmbeddedPolicy;
import ai.lyceum.train.policy.PromptFormat;
import ai.lyceum.train.sft.SftConfig;
import ai.lyceum.train.sft.SftTrainer;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Feedback episodes into training data: what is trained under which prompt, what pairs DPO sees, what a step costs. */
class FeedbackTrainerTest {
    /** One or two rare letters and a faithful corpus: a short warm start solves some words and reads hints. */
    private final CipherEnvironment env = new CipherEnvironment(7, 1, 0.05, 1.0, 64);
    private final TrainingTasks tasks = TrainingTasks.of(env, 0);

    @TempDir
    Path dir;

    FeedbackTrainerTest() throws Exception {}

    private EmbeddedPolicy warmStarted() throws InterruptedException {
        var student = new EmbeddedPolicy(Transformer.initialize(ModelConfig.tiny(), 3), PromptFormat.RAW, env.maxTokens(), 1024, 3);
        student.withModel(model -> {
            var sft = new SftTrainer(model, env, new SftConfig(100, 64, new LrSchedule(3e-3, 10, 100, 0.1), AdamWSettings.DEFAULT, 0.3, 3));
            for (int i = 0; i < 100; i++) sft.step(i);
            return null;
        });
        return student;
    }

    private FeedbackTrainer trainer(EmbeddedPolicy student, RunStore store, FeedbackTrainer.Update update,
            Optional<Transformer> reference) {
        var config = RlConfig.defaults(RlConfig.Algorithm.GRPO, env.maxTokens(), 9).withGroups(8, 4);
        return new FeedbackTrainer(student, PromptFormat.RAW, env, tasks, new CipherTeacher(), GuidanceKind.ERROR,
                FeedbackEnvironment.RetryContext.HINT, reference, config, FeedbackTrainer.Settings.of(update), store, "fb");
    }

    @Test
    void retriesAreTrainedUnderThePlainPromptAndEveryGenerationIsPaidFor() throws Exception {
        try (var student = warmStarted(); var store = RunStore.open(dir)) {
            var b = trainer(student, store, FeedbackTrainer.Update.IS, Optional.empty()).batch(0);
            var byId = new HashMap<String, Task>();
            for (Task t : tasks.draw(9, 0, 0, 8)) byId.put(t.id(), t);
            assertThat(b.cost().plainRollouts()).isEqualTo(32);
            assertThat(b.cost().guidedRollouts()).as("two attempts: each failed first attempt gets one teacher turn and one retry")
                    .isEqualTo(b.cost().teacherCalls()).isPositive();
            var retries = b.sequences().stream().filter(s -> !s.onPolicy()).toList();
            assertThat(retries).as("feedback made some groups mixed").isNotEmpty();
            for (RlSequence s : b.sequences()) {
                int[] plain = PromptFormat.RAW.render(byId.get(s.taskId()).prompt());
                assertThat(s.planPrompt()).isEqualTo(plain);
                if (s.onPolicy()) assertThat(s.behaviorPrompt()).isEqualTo(plain);
                else assertThat(ByteTokenizer.decode(s.behaviorPrompt())).contains(";" + s.taskId() + "=");
            }
            var records = store.rollouts("fb/step-000000");
            assertThat(records).hasSize(32);
            assertThat(records).anySatisfy(r -> assertThat(r.trajectoryJson()).contains("\"" + Role.TEACHER + "\""));
        }
    }

    @Test
    void aTeacherThatFailsIsCountedAndItsEpisodesAreLeftOutNeverScoredZero() throws Exception {
        Policy broken = new Policy() {
            @Override
            public String describe() { return "broken"; }

            @Override
            public Completion generate(GenerationRequest request) throws FailureException {
                throw new FailureException(new Failure.HttpStatus(503, "overloaded"));
            }
        };
        var config = RlConfig.defaults(RlConfig.Algorithm.GRPO, env.maxTokens(), 9).withGroups(4, 2);
        try (var student = new EmbeddedPolicy(Transformer.initialize(ModelConfig.tiny(), 1), PromptFormat.RAW, env.maxTokens(), 1024, 1);
             var store = RunStore.open(dir)) {
            var trainer = new FeedbackTrainer(student, PromptFormat.RAW, env, tasks, broken, GuidanceKind.ERROR,
                    FeedbackEnvironment.RetryContext.HINT, Optional.empty(), config, FeedbackTrainer.Settings.of(FeedbackTrainer.Update.IS), store, "fb");
            var report = trainer.step(0);
            // An untrained model fails every first attempt, so every episode needs the teacher, who fails each time.
            assertThat(report.teacherFailures()).isEqualTo(8);
            assertThat(report.failedRollouts()).isZero();
            assertThat(report.trained()).isZero();
            assertThat(report.metrics()).containsEntry("teacher_failures", 8);
            assertThat(store.rollouts("fb/step-000000")).hasSize(8).allSatisfy(r -> assertThat(r.failureType()).contains("http_503"));
        }
    }

    @Test
    void aDpoPairIsTheFailedFirstAttemptAgainstTheSolvedRetryBothUnderThePlainPrompt() {
        Task task = Task.of("abc", "abc=", "xyz");
        int[] plain = PromptFormat.RAW.render(task.prompt());
        var solvedOnRetry = episode(task, 0, 1);
        var pair = FeedbackTrainer.pair(task, plain, solvedOnRetry, Role.ASSISTANT).orElseThrow();
        assertThat(pair.prompt()).isEqualTo(plain);
        assertThat(pair.rejected()).containsExactly(1, 1);
        assertThat(pair.chosen()).containsExactly(2, 2);
        assertThat(FeedbackTrainer.pair(task, plain, episode(task, 1), Role.ASSISTANT)).as("solved unguided: nothing to prefer").isEmpty();
        assertThat(FeedbackTrainer.pair(task, plain, episode(task, 0, 0), Role.ASSISTANT)).as("never solved").isEmpty();
        var third = FeedbackTrainer.pair(task, plain, episode(task, 0, 0, 1), Role.ASSISTANT).orElseThrow();
        assertThat(third.rejected()).as("the first attempt, not the failed retry").containsExactly(1, 1);
        assertThat(third.chosen()).containsExactly(3, 3);
    }

    /** A feedback episode whose attempt k (1-based) has token ids {k, k} and reward {@code rewards[k-1]}. */
    private static Rollout episode(Task task, double... rewards) {
        var turns = new ArrayList<Trajectory.Turn>();
        var components = new HashMap<String, Double>();
        components.put("attempts", (double) rewards.length);
        for (int k = 1; k <= rewards.length; k++) {
            if (k > 1) turns.add(new Trajectory.Turn(Role.TEACHER, task.prompt(), Completion.ofText("hint")));
            var tokens = new Tokens(new int[] {k, k}, new double[] {-1, -1});
            turns.add(new Trajectory.Turn(Role.ASSISTANT, task.prompt(),
                    new Completion("t" + k, Optional.of(tokens), Completion.FinishReason.STOP, Completion.Usage.NONE)));
            components.put("attempt_" + k, rewards[k - 1]);
        }
        var reward = new RewardResult(rewards[rewards.length - 1], components, Map.of(), Optional.empty());
        return new Rollout(task.id(), 0, new Trajectory(task, turns), Role.ASSISTANT, Map.of(Role.ASSISTANT, reward),
                Optional.empty(), Duration.ZERO);
    }
}
