package ai.lyceum.reward.judge;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The harness is checked for correctness only; its speed is measured by running it, not here. */
class RubricBenchmarkTest {
    @Test
    void everyScoreOfASmallRunMatchesTheGeneratedData() throws Exception {
        var r = RubricBenchmark.run(new RubricBenchmark.Options(12, 6, Duration.ofMillis(1), 32, 4, 2, 5));
        assertThat(r.judgeCalls()).isEqualTo(12 * 6);
        assertThat(r.scored()).isEqualTo(12);
        assertThat(r.failed()).isZero();
        assertThat(r.wrongScores()).isZero();
    }

    @Test
    void theStubJudgeReadsTheStateOfTheCriterionsPoint() {
        var prompt = "Response 3. p1=none p12=part p2=full\n\nCriterion: Point 12 — Essential Criteria: Covers point p12.";
        assertThat(RubricBenchmark.verdictFor(prompt)).contains("\"partially_satisfied\"");
    }
}
