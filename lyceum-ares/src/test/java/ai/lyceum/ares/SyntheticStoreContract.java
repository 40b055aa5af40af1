package ai.lyceum.ares;

import static org.assertj.core.api.Assertions.assertThat;

import ai.lyceum.ares.ingest.LeRobotIngest;
import ai.lyceum.ares.store.AresStore;
import ai.lyceum.ares.store.Filter;
import ai.lyceum.ares.synth.SyntheticLeRobot;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * What every store backend must show after ingesting the same synthetic dataset of 1,050 episodes over 7 tasks
 * (a third of them failed): the embedded DuckDB store and PostgreSQL run these same tests.
 */
abstract class SyntheticStoreContract {
    abstract String store();

    abstract Path data();

    abstract long frames();

    @Test
    void countsEpisodesFramesAndTasksPerDataset() throws Exception {
        var stats = Ares.stats(store(), "");
        assertThat(stats.episodes()).isEqualTo(1050);
        assertThat(stats.frames()).isEqualTo(frames());
        assertThat(stats.tasks()).isEqualTo(7);
        assertThat(stats.datasets()).containsOnlyKeys("synth");
        assertThat(stats.datasets().get("synth").frames()).isEqualTo(frames());
        assertThat(Ares.stats(store(), "task_success = 0.0").episodes()).isEqualTo(350);
    }

    @Test
    void reingestingSkipsWhatIsThere() throws Exception {
        try (var s = AresStore.open(store())) {
            var again = LeRobotIngest.ingest(data(), s, Optional.empty());
            assertThat(again.episodes()).isZero();
            assertThat(again.skipped()).isEqualTo(1050);
            assertThat(s.count(Filter.ALL)).isEqualTo(1050);
        }
    }

    @Test
    void computesStatisticsAndSuccessWithProvenanceAtIngestion() throws Exception {
        try (var s = AresStore.open(store())) {
            var id = s.ids(Filter.parse("episode_index = 4"), 1).get(0);
            var r = s.rollout(id).orElseThrow();
            assertThat(r.length()).isEqualTo((int) SyntheticLeRobot.length(4));
            assertThat(r.task().success()).contains(1.0); // 4 % 3 != 0 succeeds
            assertThat(r.trajectory().rewardStep()).contains(r.length() - 1);
            assertThat(r.stats().pathLength().orElseThrow()).isPositive();
            assertThat(r.stats().gripperEvents().orElseThrow()).isPositive();
            assertThat(r.stats().durationS()).contains(r.length() / SyntheticLeRobot.FPS);
            assertThat(s.annotations(id)).extracting(a -> a.annotator()).containsExactlyInAnyOrder("stats", "success");
            var failed = s.rollout(s.ids(Filter.parse("episode_index = 3"), 1).get(0)).orElseThrow();
            assertThat(failed.task().success()).contains(0.0);
        }
    }
}
