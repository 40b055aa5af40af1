package ai.lyceum.env.propose;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ProposerRewardTest {
    @Test
    void learnabilityIsOneMinusTheSolveRateStrictlyBetweenNeverAndAlways() {
        // 3 of 8 solved: 1 − 3/8 = 0.625; 0 and 8 of 8 teach nothing: 0.
        assertThat(ProposerReward.LEARNABILITY.of(new SolverOutcome(3, 8, 5, 8))).isCloseTo(0.625, within(1e-12));
        assertThat(ProposerReward.LEARNABILITY.of(new SolverOutcome(0, 8, 8, 8))).isZero();
        assertThat(ProposerReward.LEARNABILITY.of(new SolverOutcome(8, 8, 8, 8))).isZero();
        assertThat(ProposerReward.learnability(0.125)).isCloseTo(0.875, within(1e-12));
    }

    @Test
    void uncertaintyDefaultsToTheCodesMinWhichIsHalfThePapersFormula() {
        // Majority 6 of 8 answers: p̂ = 0.75; code min(0.75, 0.25) = 0.25; paper 1 − 2|0.75 − 0.5| = 0.5.
        var outcome = new SolverOutcome(2, 8, 6, 8);
        assertThat(outcome.majorityShare()).isEqualTo(0.75);
        assertThat(ProposerReward.UNCERTAINTY.of(outcome)).isCloseTo(0.25, within(1e-12));
        assertThat(ProposerReward.UNCERTAINTY_PAPER.of(outcome)).isCloseTo(0.5, within(1e-12));
        // At p̂ = ½ both peak: ½ and 1; a unanimous answer gets 0 from both.
        assertThat(ProposerReward.uncertainty(0.5)).isEqualTo(0.5);
        assertThat(ProposerReward.uncertaintyPaper(0.5)).isEqualTo(1.0);
        assertThat(ProposerReward.uncertainty(1.0)).isZero();
        assertThat(ProposerReward.uncertaintyPaper(1.0)).isZero();
        assertThat(ProposerReward.named("uncertainty")).isEqualTo(ProposerReward.UNCERTAINTY);
    }

    @Test
    void pHatCountsTheMajorityAnswerAmongAttemptsThatAnswered() {
        // Answers 42, 42, 41, none, 42, 40: majority 3 of 5 answers, so p̂ = 0.6 (the silent attempt is not counted);
        // two attempts were right.
        var outcome = SolverOutcome.of(List.of(true, true, false, false, false, false),
                List.of(Optional.of("42"), Optional.of("42"), Optional.of("41"), Optional.empty(), Optional.of("42"),
                        Optional.of("40")));
        assertThat(outcome).isEqualTo(new SolverOutcome(2, 6, 3, 5));
        assertThat(outcome.majorityShare()).isCloseTo(0.6, within(1e-12));
        assertThat(outcome.successRate()).isCloseTo(1.0 / 3, within(1e-12));
        assertThat(ProposerReward.UNCERTAINTY.of(outcome)).isCloseTo(0.4, within(1e-12));
        assertThat(ProposerReward.UNCERTAINTY_PAPER.of(outcome)).isCloseTo(0.8, within(1e-12));
    }

    @Test
    void noAnswerAtAllGivesPHatZero() {
        var outcome = SolverOutcome.of(List.of(false, false), List.of(Optional.empty(), Optional.empty()));
        assertThat(outcome.majorityShare()).isZero();
        assertThat(ProposerReward.UNCERTAINTY.of(outcome)).isZero();
    }
}
