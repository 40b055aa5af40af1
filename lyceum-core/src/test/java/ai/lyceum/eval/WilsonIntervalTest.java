package ai.lyceum.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class WilsonIntervalTest {
    @Test
    void matchesTheWilsonScoreFormula() {
        // (p + z²/2n ± z·sqrt(p(1-p)/n + z²/4n²)) / (1 + z²/n), z = 1.96: computed by hand for these three.
        var none = WilsonInterval.of(0, 10);
        assertThat(none.low()).isZero();
        assertThat(none.high()).isCloseTo(0.2775328, within(1e-6));
        var nine = WilsonInterval.of(9, 10);
        assertThat(nine.low()).isCloseTo(0.5958500, within(1e-6));
        assertThat(nine.high()).isCloseTo(0.9821238, within(1e-6));
        var half = WilsonInterval.of(50, 100);
        assertThat(half.low()).isCloseTo(0.4038315, within(1e-6));
        assertThat(half.high()).isCloseTo(0.5961685, within(1e-6));
    }

    @Test
    void noGamesSayNothingAndImpossibleCountsAreRefused() {
        assertThat(WilsonInterval.of(0, 0)).isEqualTo(new EvalSummary.Interval(0, 1));
        assertThatThrownBy(() -> WilsonInterval.of(3, 2)).hasMessageContaining("3 of 2");
    }
}
