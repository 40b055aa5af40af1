package ai.lyceum.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.lyceum.run.RolloutRecord;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class EvalSummaryTest {
    @Test
    void countsAFailedRolloutAsZeroAndByItsType() {
        var records = List.of(ok("a", 0, 1), ok("a", 1, 0), failed("b", 0, "http_500"), ok("b", 1, 1));
        var s = EvalSummary.of(records, 1.0, 0);
        assertThat(s.tasks()).isEqualTo(2);
        assertThat(s.rollouts()).isEqualTo(4);
        assertThat(s.scored()).isEqualTo(3);
        assertThat(s.meanReward()).isCloseTo(0.5, within(1e-12));
        assertThat(s.meanRewardScored()).isCloseTo(2.0 / 3, within(1e-12));
        assertThat(s.passAt1()).isCloseTo(0.5, within(1e-12));
        assertThat(s.k()).isEqualTo(2);
        assertThat(s.passAtK()).isEqualTo(1.0);
        assertThat(s.failures()).containsExactly(java.util.Map.entry("http_500", 1L));
    }

    @Test
    void bootstrapIntervalBracketsTheMeanAndIsDeterministicForASeed() {
        var records = new ArrayList<RolloutRecord>();
        for (int i = 0; i < 200; i++) records.add(ok("t" + i, 0, i % 4 == 0 ? 1 : 0));
        var s = EvalSummary.of(records, 1.0, 7);
        assertThat(s.passAt1()).isCloseTo(0.25, within(1e-12));
        assertThat(s.passAt1Ci().low()).isLessThan(0.25).isGreaterThan(0.15);
        assertThat(s.passAt1Ci().high()).isGreaterThan(0.25).isLessThan(0.35);
        assertThat(EvalSummary.of(records, 1.0, 7).passAt1Ci()).isEqualTo(s.passAt1Ci());
    }

    @Test
    void partialRewardsPassOnlyAtTheThreshold() {
        var s = EvalSummary.of(List.of(ok("a", 0, 0.5), ok("b", 0, 1)), 1.0, 0);
        assertThat(s.meanReward()).isCloseTo(0.75, within(1e-12));
        assertThat(s.passAt1()).isCloseTo(0.5, within(1e-12));
    }

    private static RolloutRecord ok(String task, int sample, double reward) {
        return new RolloutRecord(task, sample, Optional.of(reward), Optional.empty(), Optional.empty(), "{}", "{}", 1);
    }

    private static RolloutRecord failed(String task, int sample, String type) {
        return new RolloutRecord(task, sample, Optional.empty(), Optional.of(type), Optional.of("x"), "{}", "{}", 1);
    }
}
