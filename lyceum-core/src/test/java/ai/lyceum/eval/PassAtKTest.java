package ai.lyceum.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class PassAtKTest {
    @Test
    void passAt1IsTheFractionThatPassed() {
        assertThat(PassAtK.estimate(10, 3, 1)).isCloseTo(0.3, within(1e-12));
    }

    @Test
    void matchesTheBinomialFormulaByHand() {
        // n=5, c=2, k=2: 1 - C(3,2)/C(5,2) = 1 - 3/10
        assertThat(PassAtK.estimate(5, 2, 2)).isCloseTo(0.7, within(1e-12));
    }

    @Test
    void isCertainWhenFewerThanKSamplesFailed() {
        assertThat(PassAtK.estimate(4, 3, 2)).isEqualTo(1.0);
        assertThat(PassAtK.estimate(4, 0, 4)).isEqualTo(0.0);
    }

    @Test
    void rejectsImpossibleCounts() {
        assertThatThrownBy(() -> PassAtK.estimate(3, 4, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> PassAtK.estimate(3, 1, 4)).isInstanceOf(IllegalArgumentException.class);
    }
}
