package ai.lyceum.train.optim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.lyceum.train.model.ByteTokenizer;
import ai.lyceum.train.model.ModelConfig;
import ai.lyceum.train.model.Transformer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class TrainingStepTest {
    private static final ModelConfig TINY = new ModelConfig("tiny", ByteTokenizer.VOCAB_SIZE, 32, 2, 4, 64, 128, 10_000, 1e-5);

    @Test
    void lossFallsWhenItTrainsOnOneFixedBatch() {
        int[][] tokens = batch(4, 24, 1);
        float[][] mask = ones(4, 24);
        try (var model = Transformer.initialize(TINY, 1)) {
            var step = new TrainingStep(model, AdamWSettings.DEFAULT, LrSchedule.constant(3e-3), 1.0);
            double first = step.nextToken(tokens, mask).loss();
            double last = first;
            for (int i = 0; i < 60; i++) last = step.nextToken(tokens, mask).loss();
            assertThat(first).isCloseTo(Math.log(ByteTokenizer.VOCAB_SIZE), within(0.3));
            assertThat(last).isLessThan(first / 3);
        }
    }

    @Test
    void theSameSeedAndDataGiveBitIdenticalWeights() {
        assertThat(trainedWeights(5)).isEqualTo(trainedWeights(5));
        assertThat(trainedWeights(5)).isNotEqualTo(trainedWeights(6));
    }

    @Test
    void onlyMaskedTokensContributeToTheLoss() {
        int[][] tokens = batch(2, 10, 2);
        float[][] responseOnly = ones(2, 10);
        for (float[] row : responseOnly) Arrays.fill(row, 0, 6, 0f);
        try (var model = Transformer.initialize(TINY, 1)) {
            double masked = new TrainingStep(model, AdamWSettings.DEFAULT, LrSchedule.constant(1e-9), 1.0)
                    .nextToken(tokens, responseOnly).loss();
            double expected = 0;
            for (int[] row : tokens) {
                double[] lp = model.logprobs(Arrays.copyOf(row, 6), Arrays.copyOfRange(row, 6, 10));
                for (double x : lp) expected -= x;
            }
            assertThat(masked).isCloseTo(expected / 8, within(1e-4));
            float[][] none = new float[2][10];
            var step = new TrainingStep(model, AdamWSettings.DEFAULT, LrSchedule.constant(1e-3), 1.0);
            assertThatThrownBy(() -> step.nextToken(tokens, none)).hasMessageContaining("selects no target");
        }
    }

    @Test
    void theFirstAdamUpdateMovesEveryWeightByTheLearningRate() {
        double lr = 1e-3;
        try (var model = Transformer.initialize(TINY, 1)) {
            var before = snapshot(model);
            var step = new TrainingStep(model, AdamWSettings.DEFAULT.withWeightDecay(0), LrSchedule.constant(lr), 1e9);
            step.nextToken(batch(2, 12, 3), ones(2, 12));
            float[] q0 = before.get("model.layers.0.self_attn.q_proj.weight");
            float[] q1 = model.parameters().get("model.layers.0.self_attn.q_proj.weight").toFloatArray();
            for (int i = 0; i < q0.length; i += 37) assertThat((double) Math.abs(q1[i] - q0[i])).isCloseTo(lr, within(lr * 0.02));
        }
    }

    @Test
    void clipsTheGradientButReportsItsNormBeforeClipping() {
        try (var model = Transformer.initialize(TINY, 1)) {
            var stats = new TrainingStep(model, AdamWSettings.DEFAULT, LrSchedule.constant(1e-3), 1e-3)
                    .nextToken(batch(2, 12, 3), ones(2, 12));
            assertThat(stats.gradNorm()).isGreaterThan(1e-3);
            assertThat(stats.step()).isZero();
        }
    }

    @Test
    void keepsMemoryFlatOverAThousandSteps() throws Exception {
        int[][] tokens = batch(1, 8, 4);
        float[][] mask = ones(1, 8);
        var oneLayer = new ModelConfig("one-layer", ByteTokenizer.VOCAB_SIZE, 16, 1, 2, 32, 16, 10_000, 1e-5);
        try (var model = Transformer.initialize(oneLayer, 1)) {
            var step = new TrainingStep(model, AdamWSettings.DEFAULT, LrSchedule.constant(1e-4), 1.0);
            for (int i = 0; i < 100; i++) step.nextToken(tokens, mask);
            int arrays = model.manager().getManagedArrays().size();
            long rssAt100 = residentKb();
            for (int i = 100; i < 1000; i++) step.nextToken(tokens, mask);
            assertThat(model.manager().getManagedArrays()).hasSize(arrays);
            // the bar: peak RSS at step 1,000 within 10% of step 100
            assertThat(residentKb()).as("RSS in kB at step 1,000 vs %d at step 100", rssAt100).isLessThan(rssAt100 * 11 / 10);
        }
    }

    @Test
    void warmsUpLinearlyThenDecaysAlongACosine() {
        var s = new LrSchedule(1.0, 10, 110, 0.1);
        assertThat(s.at(0)).isCloseTo(0.1, within(1e-12));
        assertThat(s.at(9)).isCloseTo(1.0, within(1e-12));
        assertThat(s.at(60)).isCloseTo(0.55, within(1e-12));
        assertThat(s.at(500)).isCloseTo(0.1, within(1e-12));
    }

    private static Map<String, float[]> trainedWeights(long seed) {
        try (var model = Transformer.initialize(TINY, seed)) {
            var step = new TrainingStep(model, AdamWSettings.DEFAULT, new LrSchedule(1e-3, 2, 5, 0.1), 1.0);
            for (int i = 0; i < 4; i++) step.nextToken(batch(3, 20, 10 + i), ones(3, 20));
            return snapshot(model);
        }
    }

    private static Map<String, float[]> snapshot(Transformer model) {
        var out = new HashMap<String, float[]>();
        model.parameters().forEach((name, p) -> out.put(name, p.toFloatArray()));
        return new java.util.TreeMap<>(out) {
            @Override
            public boolean equals(Object o) {
                if (!(o instanceof Map<?, ?> other) || !other.keySet().equals(keySet())) return false;
                return entrySet().stream().allMatch(e -> Arrays.equals(e.getValue(), (float[]) other.get(e.getKey())));
            }

            @Override
            public int hashCode() { return keySet().hashCode(); }
        };
    }

    static int[][] batch(int rows, int len, long seed) {
        var random = new SplittableRandom(seed);
        int[][] out = new int[rows][len];
        for (int[] row : out) {
            row[0] = ByteTokenizer.BOS;
            for (int i = 1; i < len; i++) row[i] = random.nextInt(256);
        }
        return out;
    }

    static float[][] ones(int rows, int len) {
        float[][] m = new float[rows][len];
        for (float[] row : m) Arrays.fill(row, 1f);
        return m;
    }

    private static long residentKb() throws Exception {
        return Files.readAllLines(Path.of("/proc/self/status")).stream().filter(l -> l.startsWith("VmRSS:"))
                .mapToLong(l -> Long.parseLong(l.replaceAll("\\D", ""))).findFirst().orElseThrow();
    }
}
