package ai.lyceum.env.propose;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class RepetitionPenaltyTest {
    private static List<String> words(String s) { return Arrays.asList(s.split(" ")); }

    @Test
    void bleuOfOneChangedLastTokenIsTheGeometricMeanOfTheFourPrecisions() {
        // 1-grams 4/5, 2-grams 3/4, 3-grams 2/3, 4-grams 1/2; equal lengths: no brevity penalty.
        double expected = Math.pow(0.8 * 0.75 * (2.0 / 3) * 0.5, 0.25); // 0.2^0.25 = 0.66874
        assertThat(Bleu.sentence(words("a b c d e"), words("a b c d f"))).isCloseTo(expected, within(1e-12));
        assertThat(expected).isCloseTo(0.66874, within(1e-5));
    }

    @Test
    void bleuSmoothsMissingOrdersWithATenthAsNltksMethod1() {
        // Two identical tokens: 1-grams 2/2, 2-grams 1/1, no 3- or 4-grams: 0.1/1 each -> (0.1 · 0.1)^(1/4) = 0.31623.
        assertThat(Bleu.sentence(words("a b"), words("a b"))).isCloseTo(Math.sqrt(0.1), within(1e-12));
        // A shorter hypothesis: brevity exp(1 − 4/3); 4-grams smoothed: exp(−1/3) · 0.1^(1/4) = 0.40293.
        assertThat(Bleu.sentence(words("a b c"), words("a b c d"))).isCloseTo(Math.exp(-1.0 / 3) * Math.pow(0.1, 0.25), within(1e-12));
        // No unigram in common: 0 outright.
        assertThat(Bleu.sentence(words("w x y z"), words("a b c d"))).isZero();
        assertThat(Bleu.sentence(words("a b c d"), words("a b c d"))).isCloseTo(1.0, within(1e-12));
    }

    @Test
    void eachProposalIsPenalisedByItsClustersShareOfTheBatch() {
        // Two identical proposals (distance 0), one a token away from them (distance 1 − 0.66874 = 0.33 < 0.5),
        // and one unrelated (distance 1): clusters {0, 1, 2} and {3}, shares 3/4 and 1/4.
        var batch = List.of(words("a b c d e"), words("a b c d e"), words("a b c d f"), words("v w x y z"));
        assertThat(RepetitionPenalty.shares(batch)).containsExactly(0.75, 0.75, 0.75, 0.25);
    }

    @Test
    void clustersUseAverageLinkageNotSingleLinkage() {
        // A–B 0.2, B–C 0.45, A–C 0.7. A and B merge first (0.2 < 0.5); C's average distance to {A, B} is
        // (0.7 + 0.45) / 2 = 0.575 ≥ 0.5, so C stays alone, where single linkage (0.45) would have merged it.
        double[][] d = {{0, 0.2, 0.7}, {0.2, 0, 0.45}, {0.7, 0.45, 0}};
        assertThat(RepetitionPenalty.clusters(d, 0.5)).containsExactly(0, 0, 1);
        // With C–A at 0.5 instead, the average is 0.475 < 0.5: one cluster.
        double[][] closer = {{0, 0.2, 0.5}, {0.2, 0, 0.45}, {0.5, 0.45, 0}};
        assertThat(RepetitionPenalty.clusters(closer, 0.5)).containsExactly(0, 0, 0);
    }

    @Test
    void aDistanceEqualToTheThresholdDoesNotMerge() {
        double[][] d = {{0, 0.5}, {0.5, 0}};
        assertThat(RepetitionPenalty.clusters(d, 0.5)).containsExactly(0, 1);
        assertThat(RepetitionPenalty.shares(List.of(words("a")))).containsExactly(1.0);
    }

    @Test
    void arithmeticProposalsCompareCharacterByCharacter() {
        var domain = new ArithmeticProposals(5);
        var batch = List.of("347+285", "347+285", "12+7").stream().map(domain::tokens).toList();
        assertThat(batch.getFirst()).containsExactly("3", "4", "7", "+", "2", "8", "5");
        double[] shares = RepetitionPenalty.shares(batch);
        assertThat(shares[0]).isCloseTo(2.0 / 3, within(1e-12));
        assertThat(shares[2]).isCloseTo(1.0 / 3, within(1e-12));
    }
}
