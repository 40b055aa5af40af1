package ai.lyceum.train.rl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.lyceum.env.guide.ReferenceTeacher;
import ai.lyceum.env.procedural.CipherEnvironment;
import ai.lyceum.run.RunStore;
import ai.lyceum.task.Task;
import ai.lyceum.train.model.ByteTokenizer;
import ai.lyceum.train.model.ModelConfig;
import ai.lyceum.train.model.Transformer;
import ai.lyceum.train.optim.AdamWSettings;
import ai.lyceum.train.optim.LrSchedule;
import ai.lyceum.train.policy.EmbeddedPolicy;
import ai.lyceum.train.policy.PromptFormat;
import ai.lyceum.train.rl.RlConfig.Algorithm;
import ai.lyceum.train.sft.SftConfig;
import ai.lyceum.train.sft.SftTrainer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The step's orchestration: each test fails if the trainer is broken in the way its name says it is not. */
class RlTrainerTest {
    /** At most one rare letter and a faithful corpus: a short warm start solves some words, so groups are mixed. */
    private final CipherEnvironment env = new CipherEnvironment(7, 0, 0.05, 1.0, 64);
    private final TrainingTasks tasks = TrainingTasks.of(env, 0);

    @TempDir
    Path dir;

    RlTrainerTest() throws Exception {}

    private EmbeddedPolicy untrained() {
        return new EmbeddedPolicy(Transformer.initialize(ModelConfig.tiny(), 1), PromptFormat.RAW, env.maxTokens(), 1024, 1);
    }

    private EmbeddedPolicy warmStarted() throws InterruptedException {
        var student = new EmbeddedPolicy(Transformer.initialize(ModelConfig.tiny(), 3), PromptFormat.RAW, env.maxTokens(), 1024, 3);
        student.withModel(model -> {
            var sft = new SftTrainer(model, env, new SftConfig(100, 64, new LrSchedule(3e-3, 10, 100, 0.1), AdamWSettings.DEFAULT, 0.3, 3));
            for (int i = 0; i < 100; i++) sft.step(i);
            return null;
        });
        return student;
    }

    private RlTrainer trainer(EmbeddedPolicy student, RunStore store, RlConfig config) {
        return new RlTrainer(student, PromptFormat.RAW, Optional.empty(), env, tasks, Optional.of(new ReferenceTeacher()),
                config, store, config.algorithm().name().toLowerCase());
    }

    private RlTrainer trainer(EmbeddedPolicy student, RunStore store, Algorithm algorithm) {
        return trainer(student, store, RlConfig.defaults(algorithm, env.maxTokens(), 9));
    }

    @Test
    void bothAlgorithmsSeeTheSamePromptsAtEachStep() throws Exception {
        try (var student = untrained(); var store = RunStore.open(dir)) {
            var grpo = trainer(student, store, Algorithm.GRPO).prompts(4);
            var guide = trainer(student, store, Algorithm.GUIDE).prompts(4);
            assertThat(guide).extracting(Task::id).containsExactlyElementsOf(grpo.stream().map(Task::id).toList());
            assertThat(trainer(student, store, Algorithm.GRPO).prompts(5)).extracting(Task::id)
                    .isNotEqualTo(grpo.stream().map(Task::id).toList());
        }
    }

    @Test
    void guidedSequencesAreGeneratedUnderTheHintButTrainedUnderThePlainPromptAndEveryRolloutIsStored() throws Exception {
        try (var student = warmStarted(); var store = RunStore.open(dir)) {
            var r = trainer(student, store, Algorithm.GUIDE).rollouts(0);
            assertThat(r.guidance()).isNotEmpty().allSatisfy(u -> assertThat(u.teacher()).isEqualTo("reference"));
            var guided = r.sequences().stream().filter(s -> !s.onPolicy()).toList();
            assertThat(guided).as("a warm-started model reads hints: some guided groups are mixed").isNotEmpty();
            for (RlSequence s : guided) {
                String plan = text(s.planPrompt()), behavior = text(s.behaviorPrompt());
                assertThat(plan).doesNotContain(";").endsWith("=");
                assertThat(behavior).contains(";").endsWith(plan);
            }
            for (RlSequence s : r.sequences()) {
                if (s.onPolicy()) assertThat(s.planPrompt()).isEqualTo(s.behaviorPrompt());
            }
            assertThat(store.rollouts("guide/step-000000")).hasSize(16 * 8);
            assertThat(store.rollouts("guide/step-000000/guided")).hasSize(r.guidance().size() * 8);
            assertThat(r.cost()).isEqualTo(new StepReport.Cost(128, r.guidance().size() * 8, r.guidance().size()));
        }
    }

    @Test
    void aGuidedPromptsAllFailedPlainGroupIsDroppedEvenWithoutDynamicSampling() throws Exception {
        try (var student = untrained(); var store = RunStore.open(dir)) { // untrained: every rollout fails
            var config = RlConfig.defaults(Algorithm.GUIDE, env.maxTokens(), 9).withFilters(false, true);
            var r = trainer(student, store, config).rollouts(0);
            assertThat(r.allFailedShare()).isEqualTo(1.0);
            assertThat(r.guidance()).hasSize(16);
            assertThat(r.sequences()).as("the plain groups Guide replaced are not trained").isEmpty();
            var grpo = trainer(student, store, config.withAlgorithm(Algorithm.GRPO)).rollouts(0);
            assertThat(grpo.sequences()).as("without Guide they are, when dynamic sampling is off").hasSize(128);
        }
    }

    @Test
    void aGroupsAdvantagesComeFromItsOwnRewardsOnly() throws Exception {
        try (var student = warmStarted(); var store = RunStore.open(dir)) {
            var r = trainer(student, store, Algorithm.GUIDE).rollouts(0);
            assertThat(r.sequences().stream().map(RlSequence::group).distinct().count()).isGreaterThan(1);
            for (int start = 0; start < r.sequences().size(); ) {
                int group = r.sequences().get(start).group(), end = start;
                while (end < r.sequences().size() && r.sequences().get(end).group() == group) end++;
                var members = r.sequences().subList(start, end);
                // the rewards are the recorded rewards of this group's own task, plain or guided
                String task = members.getFirst().taskId();
                String scope = "guide/step-000000" + (members.getFirst().onPolicy() ? "" : "/guided");
                assertThat(members).allSatisfy(m -> assertThat(m.taskId()).isEqualTo(task));
                assertThat(members.stream().map(RlSequence::reward).sorted().toList()).isEqualTo(store.rollouts(scope).stream()
                        .filter(x -> x.taskId().equals(task)).map(x -> x.reward().orElseThrow()).sorted().toList());
                double[] rewards = members.stream().mapToDouble(RlSequence::reward).toArray();
                double[] expected = Advantages.group(rewards, true);
                for (int i = 0; i < members.size(); i++) {
                    assertThat(members.get(i).advantage()).isCloseTo(expected[i], within(1e-12));
                }
                start = end;
            }
        }
    }

    @Test
    void oldLogProbsAreTakenUnderTheGuidedContextAndNewOnesUnderThePlainPrompt() throws Exception {
        try (var student = untrained(); var store = RunStore.open(dir)) {
            int[] plan = PromptFormat.RAW.render(List.of(ai.lyceum.task.Message.user("abcdefgh=")));
            int[] behavior = PromptFormat.RAW.render(List.of(ai.lyceum.task.Message.user("q_______;abcdefgh=")));
            int[] right = ByteTokenizer.encodeWithEos("qrstuvwx"), wrong = ByteTokenizer.encodeWithEos("zzzzzzzz");
            var sequences = List.of(new RlSequence(0, "t", plan, behavior, right, 1, 0.8660, false),
                    new RlSequence(0, "t", plan, behavior, wrong, 0, -0.8660, false));
            // ρ = π(response | plain) / π_old(response | guided), reshaped ρ/(ρ+γ), γ the 90th percentile per sequence.
            double expected = student.withModel(m -> {
                double sum = 0;
                int n = 0;
                for (var s : sequences) {
                    double[] now = m.logprobs(s.planPrompt(), s.response()), old = m.logprobs(s.behaviorPrompt(), s.response());
                    double[] rho = new double[now.length];
                    for (int t = 0; t < rho.length; t++) rho[t] = Math.exp(now[t] - old[t]);
                    double gamma = Math.max(PolicyLoss.quantile(rho, 0.9), 1e-4);
                    for (double x : rho) { sum += x / (x + gamma); n++; }
                }
                return sum / n;
            });
            var config = RlConfig.defaults(Algorithm.GUIDE, env.maxTokens(), 9);
            var u = trainer(student, store, config).train(sequences, 0);
            assertThat(u.updates()).isEqualTo(1);
            assertThat(u.shapedMean()).isCloseTo(expected, within(1e-4));
        }
    }

    @Test
    void eachStepMakesExactlyItsMiniBatchesOfUpdates() throws Exception {
        try (var student = untrained(); var store = RunStore.open(dir)) {
            int[] plan = PromptFormat.RAW.render(List.of(ai.lyceum.task.Message.user("abcdefgh=")));
            var sequences = new ArrayList<RlSequence>();
            for (int g = 0; g < 5; g++) {
                sequences.add(new RlSequence(g, "t", plan, plan, ByteTokenizer.encodeWithEos("abc"), 1, 1, true));
                sequences.add(new RlSequence(g, "t", plan, plan, ByteTokenizer.encodeWithEos("abd"), 0, -1, true));
            }
            var two = RlConfig.defaults(Algorithm.GRPO, env.maxTokens(), 9);
            assertThat(trainer(student, store, two).train(sequences, 0).updates()).isEqualTo(2);
            var three = new RlConfig(Algorithm.GRPO, 16, 8, 3, 1e-4, two.adam(), 1.0, two.loss(), true, true, 1, 1, 9, 0, 0, 8, 0);
            assertThat(trainer(student, store, three).train(sequences, 0).updates()).isEqualTo(3);
            assertThat(trainer(student, store, three).train(sequences.subList(0, 4), 0).updates())
                    .as("never more updates than groups").isEqualTo(2);
        }
    }

    /**
     * A recorded batch (two on-policy and two guided sequences) on the tiny model initialised with seed 5: the
     * loss and gradient norm of the update, against PyTorch's on the same weights, computed from the spec by
     * {@code recorded_batch.py} beside this test (loss -0.000664524734, gradient norm 2.21744257).
     */
    @Test
    void theLossAndGradientNormOfARecordedBatchMatchAnIndependentComputation() throws Exception {
        var seeded = new EmbeddedPolicy(Transformer.initialize(ModelConfig.tiny(), 5), PromptFormat.RAW, env.maxTokens(), 1024, 5);
        try (var student = seeded; var store = RunStore.open(dir)) {
            int[] plain = PromptFormat.RAW.render(List.of(ai.lyceum.task.Message.user("abcdefgh=")));
            int[] guided = PromptFormat.RAW.render(List.of(ai.lyceum.task.Message.user("q_______;abcdefgh=")));
            double[] a = Advantages.group(new double[] {1, 0}, true);
            var sequences = List.of(
                    new RlSequence(0, "t", plain, plain, ByteTokenizer.encodeWithEos("qrstuvwx"), 1, a[0], true),
                    new RlSequence(0, "t", plain, plain, ByteTokenizer.encodeWithEos("zzzz"), 0, a[1], true),
                    new RlSequence(1, "t", plain, guided, ByteTokenizer.encodeWithEos("qbcdefgx"), 1, a[0], false),
                    new RlSequence(1, "t", plain, guided, ByteTokenizer.encodeWithEos("abcdefgh"), 0, a[1], false));
            var d = RlConfig.defaults(Algorithm.GUIDE, env.maxTokens(), 9);
            var oneUpdate = new RlConfig(Algorithm.GUIDE, 16, 8, 1, 1e-4, d.adam(), 1.0, d.loss(), true, true, 1, 1, 9, 0, 0, 8, 0);
            var u = trainer(student, store, oneUpdate).train(sequences, 0);
            assertThat(u.updates()).isEqualTo(1);
            assertThat(u.loss()).isCloseTo(-0.000664524734, within(2e-6));
            assertThat(u.gradNorm()).isCloseTo(2.21744257, within(2e-4));
        }
    }

    @Test
    void aStepIsDeterministicForASeedAndTrainsOnMixedGroups() throws Exception {
        StepReport a, b;
        try (var student = warmStarted(); var store = RunStore.open(dir.resolve("a"))) {
            a = trainer(student, store, Algorithm.GUIDE).step(0);
        }
        try (var student = warmStarted(); var store = RunStore.open(dir.resolve("b"))) {
            b = trainer(student, store, Algorithm.GUIDE).step(0);
        }
        assertThat(a.trained()).isPositive();
        assertThat(a.updates()).isEqualTo(2);
        assertThat(a.loss()).isFinite().isEqualTo(b.loss());
        assertThat(a.gradNorm()).isEqualTo(b.gradNorm());
        assertThat(a.plainAccuracy()).isBetween(0.0, 1.0);
    }

    @Test
    void grpoNeverReRollsAndDynamicSamplingKeepsOnlyMixedGroups() throws Exception {
        try (var student = warmStarted(); var store = RunStore.open(dir)) {
            var r = trainer(student, store, Algorithm.GRPO).rollouts(0);
            assertThat(r.guidance()).isEmpty();
            assertThat(r.cost()).isEqualTo(new StepReport.Cost(128, 0, 0));
            assertThat(r.sequences()).isNotEmpty().allSatisfy(s -> assertThat(s.onPolicy()).isTrue());
            assertThat(r.sequences().size() % 8).isZero();
            for (int i = 0; i < r.sequences().size(); i += 8) {
                double sum = 0;
                for (int j = i; j < i + 8; j++) sum += r.sequences().get(j).reward();
                assertThat(sum).isStrictlyBetween(0.0, 8.0);
            }
        }
    }

    @Test
    void guideNeedsATeacherAndKlNeedsAReference() throws Exception {
        try (var student = untrained(); var store = RunStore.open(dir)) {
            assertThatThrownBy(() -> new RlTrainer(student, PromptFormat.RAW, Optional.empty(), env, tasks, Optional.empty(),
                    RlConfig.defaults(Algorithm.GUIDE, 10, 1), store, "x")).hasMessageContaining("teacher");
            assertThatThrownBy(() -> new RlTrainer(student, PromptFormat.RAW, Optional.empty(), env, tasks, Optional.empty(),
                    RlConfig.defaults(Algorithm.GRPO, 10, 1).withLoss(PolicyLossConfig.guide(10).withKl(0.1)), store, "x"))
                    .hasMessageContaining("reference");
        }
    }

    /** Two seats played by the student; a zero-sum reward that one seat wins by a coin its first answer flips. */
    private static final class TwoSeats implements ai.lyceum.env.Environment {
        @Override
        public String name() { return "two-seats"; }

        @Override
        public List<String> roles() { return List.of("first", "second"); }

        @Override
        public List<Task> tasks() {
            return java.util.stream.IntStream.range(0, 4).mapToObj(i -> Task.of("t" + i, "ab=", "x")).toList();
        }

        @Override
        public ai.lyceum.env.Episode start(Task task) {
            return new ai.lyceum.env.Episode() {
                private int turn;

                @Override
                public ai.lyceum.env.Step begin() {
                    return new ai.lyceum.env.Step.Act("first", task.prompt(), ai.lyceum.policy.Sampling.DEFAULT.withMaxTokens(6));
                }

                @Override
                public ai.lyceum.env.Step advance(ai.lyceum.policy.Completion completion) {
                    if (turn++ > 0) return ai.lyceum.env.Step.DONE;
                    return new ai.lyceum.env.Step.Act("second", List.of(ai.lyceum.task.Message.user("ab=" + completion.text())),
                            ai.lyceum.policy.Sampling.DEFAULT.withMaxTokens(6));
                }

                @Override
                public java.util.Map<String, ai.lyceum.reward.RewardResult> score(ai.lyceum.env.Trajectory trajectory) {
                    double first = (trajectory.lastBy("first").orElseThrow().text().hashCode() & 1) == 0 ? 1 : 0;
                    return java.util.Map.of("first", ai.lyceum.reward.RewardResult.of(first, java.util.Map.of()),
                            "second", ai.lyceum.reward.RewardResult.of(1 - first, java.util.Map.of()));
                }
            };
        }
    }

    @Test
    void eachTrainedRoleIsNormalisedOnItsOwnRewardsAndOtherTurnsAreContext() throws Exception {
        var seats = new TwoSeats();
        var config = RlConfig.defaults(Algorithm.GRPO, 6, 9).withGroups(1, 8).withFilters(false, true);
        try (var student = untrained(); var store = RunStore.open(dir)) {
            var both = new RlTrainer(student, PromptFormat.RAW, Optional.empty(), seats, TrainingTasks.of(seats, 0),
                    Optional.empty(), config, store, "both", java.util.Set.of("first", "second")).rollouts(0);
            assertThat(both.sequences()).hasSize(16);
            var first = both.sequences().stream().filter(q -> text(q.behaviorPrompt()).equals("ab=")).toList();
            var second = both.sequences().stream().filter(q -> !text(q.behaviorPrompt()).equals("ab=")).toList();
            assertThat(first).hasSize(8);
            for (int i = 0; i < 8; i++) assertThat(second.get(i).reward()).isEqualTo(1 - first.get(i).reward());
            double[] expected = Advantages.group(first.stream().mapToDouble(RlSequence::reward).toArray(), true);
            for (int i = 0; i < 8; i++) {
                assertThat(first.get(i).advantage()).isCloseTo(expected[i], within(1e-12));
                assertThat(second.get(i).advantage()).isCloseTo(-expected[i], within(1e-9));
            }
            var one = new RlTrainer(student, PromptFormat.RAW, Optional.empty(), seats, TrainingTasks.of(seats, 0),
                    Optional.empty(), config, store, "one", java.util.Set.of("second")).rollouts(0);
            assertThat(one.sequences()).hasSize(8).allSatisfy(q -> assertThat(text(q.behaviorPrompt())).startsWith("ab=").isNotEqualTo("ab="));
            assertThatThrownBy(() -> new RlTrainer(student, PromptFormat.RAW, Optional.empty(), seats, TrainingTasks.of(seats, 0),
                    Optional.empty(), config, store, "x", java.util.Set.of("teacher"))).hasMessageContaining("never the frozen teacher");
        }
    }

    private static String text(int[] tokens) {
        var out = new java.io.ByteArrayOutputStream();
        for (int t : tokens) if (t < 256) out.write(t);
        return out.toString(java.nio.charset.StandardCharsets.UTF_8);
    }
}
