package ai.lyceum.train.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

class TransformerTest {
    private static final ModelConfig TINY = new ModelConfig("tiny", ByteTokenizer.VOCAB_SIZE, 32, 2, 4, 64, 128, 10_000, 1e-5);
    private static final Transformer model = Transformer.initialize(TINY, 7);

    @AfterAll
    static void close() { model.close(); }

    @Test
    void producesOneLogitPerVocabularyEntryForEveryPosition() {
        try (var scope = new NDScope()) {
            scope.suppressNotUsedWarning();
            var tokens = model.manager().create(new int[] {256, 1, 2, 3, 4, 5, 256, 9, 8, 7, 6, 5}, new Shape(2, 6));
            var logits = Torch.withGrad(false, () -> model.logits(tokens));
            assertThat(logits.getShape()).isEqualTo(new Shape(2, 6, ByteTokenizer.VOCAB_SIZE));
            assertThat(Torch.withGrad(false, () -> model.tokenLogprobs(tokens)).getShape()).isEqualTo(new Shape(2, 5));
        }
    }

    @Test
    void countsTheParametersItHolds() {
        long held = model.parameters().values().stream().mapToLong(p -> p.getShape().size()).sum();
        assertThat(held).isEqualTo(TINY.parameterCount());
        assertThat(ModelConfig.small().parameterCount()).isBetween(800_000L, 900_000L);
    }

    @Test
    void futureTokensDoNotChangeEarlierLogits() {
        int[] prefix = {256, 72, 101, 108, 108, 111};
        double[] a = model.logprobs(prefix, new int[] {44, 32, 119});
        double[] b = model.logprobs(prefix, new int[] {44, 200, 3});
        assertThat(b[0]).isCloseTo(a[0], within(1e-6));
        assertThat(b[1]).isNotCloseTo(a[1], within(1e-9)); // same prefix, different token scored
        try (var scope = new NDScope()) {
            scope.suppressNotUsedWarning();
            var one = model.manager().create(new int[] {256, 1, 2, 3, 4, 5}, new Shape(1, 6));
            var other = model.manager().create(new int[] {256, 1, 2, 99, 98, 97}, new Shape(1, 6));
            float[] x = Torch.withGrad(false, () -> model.logits(one)).toFloatArray();
            float[] y = Torch.withGrad(false, () -> model.logits(other)).toFloatArray();
            int firstChanged = 3 * ByteTokenizer.VOCAB_SIZE;
            for (int i = 0; i < firstChanged; i++) assertThat(y[i]).isCloseTo(x[i], within(1e-5f));
            assertThat(y[firstChanged]).isNotEqualTo(x[firstChanged]);
        }
    }

    @Test
    void scoresEachResponseUnderItsOwnContextInOneBatch() {
        int[] plain = {256, 97, 98};
        int[] hinted = {256, 104, 105, 110, 116, 59, 97, 98};
        int[] response = {99, 100, 257};
        var batched = model.logprobs(List.of(plain, hinted), List.of(response, response));
        assertThat(batched.get(0)).containsExactly(model.logprobs(plain, response), within(1e-5));
        assertThat(batched.get(1)).containsExactly(model.logprobs(hinted, response), within(1e-5));
        assertThat(batched.get(0)[0]).isNotCloseTo(batched.get(1)[0], within(1e-6));
    }
}
