package ai.lyceum.train.rl;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * A rubric reward trains like any other: a tiny model warm-started (200 SFT steps) on a corpus that meets each
 * constraint only 40% of the time, then 40 GRPO steps on the rubric score, raises its held-out mean rubric
 * score. Fixed seeds make the run deterministic. Through the rollout engine (whose per-rollout seeds differ from
 * the first trainer's batch seeds) seeds 1, 2 and 3 raised the greedy score by 0.087, 0.090 and 0.155 and the
 * sampled score by 0.072, 0.095 and 0.105, so the margins below leave room for the spread.
 */
class RubricWritingTrainingTest {
    @Test
    void aShortGrpoRunRaisesTheHeldOutRubricScore() throws Exception {
        var r = RubricWritingMeasure.run(200, 40, 128, 1, 16, 1e-3, false);
        assertThat(r.before().greedy()).isBetween(0.2, 0.65); // the warm start leaves room
        assertThat(r.after().greedy()).isGreaterThan(r.before().greedy() + 0.05);
        assertThat(r.after().sampled()).isGreaterThan(r.before().sampled() + 0.04);
    }
}
