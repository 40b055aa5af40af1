package ai.lyceum.train.rl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.lyceum.task.Task;
import ai.lyceum.train.env.CipherEnvironment;
import ai.lyceum.train.guide.ReferenceTeacher;
import ai.lyceum.train.model.ModelConfig;
import ai.lyceum.train.model.Transformer;
import ai.lyceum.train.optim.AdamWSettings;
import ai.lyceum.train.optim.LrSchedule;
import ai.lyceum.train.rl.RlConfig.Algorithm;
import ai.lyceum.train.sft.SftConfig;
import ai.lyceum.train.sft.SftTrainer;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RlTrainerTest {
    /** At most one rare letter and a faithful corpus: a short warm start solves some words, so groups are mixed. */
    private final CipherEnvironment env = new CipherEnvironment(7, 0, 0.05, 1.0, 64);

    private Transformer warmStarted() {
        var model = Transformer.initialize(ModelConfig.tiny(), 3);
        var sft = new SftTrainer(model, env, new SftConfig(100, 64, new LrSchedule(3e-3, 10, 100, 0.1), AdamWSettings.DEFAULT, 0.3, 3));
        for (int i = 0; i < 100; i++) sft.step(i);
        return model;
    }

    private RlTrainer trainer(Transformer model, Algorithm algorithm) {
        return new RlTrainer(model, Optional.empty(), env, Optional.of(new ReferenceTeacher(env)),
                RlConfig.defaults(algorithm, env.maxTokens(), 9));
    }

    @Test
    void bothAlgorithmsSeeTheSamePromptsAtEachStep() {
        try (var model = Transformer.initialize(ModelConfig.tiny(), 1)) {
            var grpo = trainer(model, Algorithm.GRPO).prompts(4);
            var guide = trainer(model, Algorithm.GUIDE).prompts(4);
            assertThat(guide).extracting(Task::id).containsExactlyElementsOf(grpo.stream().map(Task::id).toList());
            assertThat(trainer(model, Algorithm.GRPO).prompts(5)).extracting(Task::id).isNotEqualTo(grpo.stream().map(Task::id).toList());
        }
    }

    @Test
    void guidedSequencesAreGeneratedUnderTheHintButTrainedUnderThePlainPrompt() throws Exception {
        try (var model = Transformer.initialize(ModelConfig.tiny(), 1)) { // untrained: every plain rollout fails
            var r = trainer(model, Algorithm.GUIDE).rollouts(0);
            assertThat(r.allFailedShare()).isEqualTo(1.0);
            assertThat(r.guidance()).hasSize(16).allSatisfy(u -> assertThat(u.teacher()).isEqualTo("reference:cipher"));
            for (RlSequence s : r.sequences()) {
                assertThat(s.onPolicy()).isFalse();
                String plan = new String(bytes(s.planPrompt()));
                String behavior = new String(bytes(s.behaviorPrompt()));
                assertThat(plan).doesNotContain(";").endsWith("=");
                assertThat(behavior).contains(";").endsWith(plan);
            }
        }
    }

    @Test
    void grpoNeverReRollsAndDynamicSamplingKeepsOnlyMixedGroups() throws Exception {
        try (var model = warmStarted()) {
            var r = trainer(model, Algorithm.GRPO).rollouts(0);
            assertThat(r.guidance()).isEmpty();
            assertThat(r.sequences()).isNotEmpty();
            assertThat(r.sequences()).allSatisfy(s -> assertThat(s.onPolicy()).isTrue());
            assertThat(r.sequences().size() % 8).isZero();
            for (int i = 0; i < r.sequences().size(); i += 8) {
                double sum = 0;
                for (int j = i; j < i + 8; j++) sum += r.sequences().get(j).reward();
                assertThat(sum).isStrictlyBetween(0.0, 8.0);
            }
        }
    }

    @Test
    void aStepIsDeterministicForASeedAndTrainsOnMixedGroups() throws Exception {
        StepReport a, b;
        try (var model = warmStarted()) {
            a = trainer(model, Algorithm.GUIDE).step(0);
        }
        try (var model = warmStarted()) {
            b = trainer(model, Algorithm.GUIDE).step(0);
        }
        assertThat(a.trained()).isPositive();
        assertThat(a.loss()).isFinite().isEqualTo(b.loss());
        assertThat(a.gradNorm()).isEqualTo(b.gradNorm());
        assertThat(a.plainAccuracy()).isBetween(0.0, 1.0);
    }

    @Test
    void guideNeedsATeacherAndKlNeedsAReference() {
        try (var model = Transformer.initialize(ModelConfig.tiny(), 1)) {
            assertThatThrownBy(() -> new RlTrainer(model, Optional.empty(), env, Optional.empty(),
                    RlConfig.defaults(Algorithm.GUIDE, 10, 1))).hasMessageContaining("teacher");
            assertThatThrownBy(() -> new RlTrainer(model, Optional.empty(), env, Optional.empty(),
                    RlConfig.defaults(Algorithm.GRPO, 10, 1).withLoss(PolicyLossConfig.guide(10).withKl(0.1))))
                    .hasMessageContaining("reference");
        }
    }

    private static byte[] bytes(int[] tokens) {
        var out = new java.io.ByteArrayOutputStream();
        for (int t : tokens) if (t < 256) out.write(t);
        return out.toByteArray();
    }
}
