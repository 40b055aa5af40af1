package ai.lyceum.train.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

class SamplerTest {
    private static final ModelConfig TINY = new ModelConfig("tiny", ByteTokenizer.VOCAB_SIZE, 32, 2, 4, 64, 128, 10_000, 1e-5);
    private static final Transformer model = Transformer.initialize(TINY, 11);
    private static final Sampler sampler = new Sampler(model);
    private static final List<int[]> PROMPTS = List.of(
            new int[] {256, 104, 105}, new int[] {256, 1, 2, 3, 4, 5, 6}, new int[] {256});

    @AfterAll
    static void close() { model.close(); }

    @Test
    void theKvCacheGivesTheSameTokensAndLogprobsAsRecomputingEverything() {
        var settings = SampleSettings.of(24).ignoringEos();
        var cached = sampler.sample(PROMPTS, settings, 5);
        var recomputed = sampler.sampleWithoutCache(PROMPTS, settings, 5);
        for (int r = 0; r < PROMPTS.size(); r++) {
            assertThat(cached.get(r).tokens()).containsExactly(recomputed.get(r).tokens());
            assertThat(cached.get(r).logprobs()).containsExactly(recomputed.get(r).logprobs(), within(1e-4));
            assertThat(cached.get(r).tokens()).hasSize(24);
        }
    }

    @Test
    void reportsTheLogprobsThatScoringTheSampleGives() {
        var samples = sampler.sample(PROMPTS, SampleSettings.of(20).ignoringEos().withTemperature(0.7), 3);
        for (int r = 0; r < PROMPTS.size(); r++) {
            double[] scored = model.logprobs(PROMPTS.get(r), samples.get(r).tokens());
            assertThat(samples.get(r).logprobs()).containsExactly(scored, within(1e-4));
        }
    }

    @Test
    void aRowSamplesTheSameWhateverItIsBatchedWith() {
        var settings = SampleSettings.of(16).ignoringEos();
        var alone = sampler.sample(List.of(PROMPTS.get(1)), settings, 9).getFirst();
        var batched = sampler.sample(PROMPTS, settings, 9);
        assertThat(batched.get(0).tokens()).isNotEqualTo(alone.tokens());
        assertThat(sampler.sample(List.of(PROMPTS.get(0)), settings, 9).getFirst().tokens())
                .containsExactly(batched.get(0).tokens());
    }

    @Test
    void greedySamplingIsRepeatable() {
        var settings = SampleSettings.of(12).withTemperature(0);
        assertThat(sampler.sample(PROMPTS, settings, 1)).isEqualTo(sampler.sample(PROMPTS, settings, 2));
    }

    @Test
    void endsARowAtAStopStringAndLeavesItOutOfTheText() {
        var free = sampler.sample(List.of(PROMPTS.get(0)), SampleSettings.of(30).ignoringEos().withTemperature(0), 0).getFirst();
        int[] t = free.tokens();
        int at = 5;
        while (ByteTokenizer.isSpecial(t[at])) at++;
        String stop = ByteTokenizer.decode(t, at, at + 1);
        var stopped = sampler.sample(List.of(PROMPTS.get(0)),
                SampleSettings.of(30).ignoringEos().withTemperature(0).withStop(List.of(stop)), 0).getFirst();
        assertThat(stopped.finish()).isEqualTo(Sample.Finish.STOP_STRING);
        assertThat(stopped.tokens().length).isLessThanOrEqualTo(at + 1);
        assertThat(stopped.text()).doesNotContain(stop);
    }

    @Test
    void topPKeepsOnlyTheLikeliestTokensWhenItIsSmall() {
        var greedy = sampler.sample(PROMPTS, SampleSettings.of(10).ignoringEos().withTemperature(0), 0);
        var nucleus = sampler.sample(PROMPTS, SampleSettings.of(10).ignoringEos().withTopP(1e-6), 4);
        for (int r = 0; r < PROMPTS.size(); r++) {
            assertThat(nucleus.get(r).tokens()).containsExactly(greedy.get(r).tokens());
        }
    }
}
