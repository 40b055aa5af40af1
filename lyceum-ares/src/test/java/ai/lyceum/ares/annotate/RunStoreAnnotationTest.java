package ai.lyceum.ares.annotate;

import static org.assertj.core.api.Assertions.assertThat;

import ai.lyceum.ares.Ares;
import ai.lyceum.ares.store.AresStore;
import ai.lyceum.ares.store.Filter;
import ai.lyceum.env.Role;
import ai.lyceum.env.Trajectory;
import ai.lyceum.failure.Failure;
import ai.lyceum.policy.Completion;
import ai.lyceum.reward.RewardResult;
import ai.lyceum.rollout.Rollout;
import ai.lyceum.run.RunManifest;
import ai.lyceum.run.RunStore;
import ai.lyceum.task.Task;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Episodes ingested from a Lyceum run store have turns, not state/action arrays: annotators must say so, not crash. */
class RunStoreAnnotationTest {
    @TempDir
    Path dir;
    String store;

    @BeforeEach
    void ingestASmallRunStore() throws Exception {
        var run = dir.resolve("run");
        try (var rs = RunStore.open(run)) {
            rs.saveManifest(new RunManifest("gsm8k", "default", "gold", 2, 0, 7));
            rs.append(scored("t1", 0, 1));
            rs.append(scored("t1", 1, 0));
            rs.append(scored("t2", 0, 1));
            var task = Task.of("t3", "q3", "a");
            rs.append(new Rollout("t3", 0, new Trajectory(task, List.of()), Role.ASSISTANT, Map.of(),
                    Optional.of(new Failure.HttpStatus(500, "boom")), Duration.ofMillis(3)));
        }
        store = dir.resolve("store").toString();
        var report = Ares.ingest(Ares.Format.ROLLOUTS, run, store);
        assertThat(report.errors()).isEmpty();
        assertThat(report.episodes()).isEqualTo(4);
    }

    @Test
    void statsSkipsEpisodesWithoutNumericTrajectoriesAndSaysWhy() throws Exception {
        var report = Ares.annotate(store, new StatsAnnotator(), "", 2);
        assertThat(report.annotated()).isZero();
        assertThat(report.failures()).isEmpty();
        assertThat(report.skipped()).containsExactly(Map.entry(StatsAnnotator.NO_NUMBERS, 4L));
        assertThat(report.examples()).isNotEmpty().allSatisfy(e -> assertThat(e).contains("no state or action"));
        try (var s = AresStore.open(store)) {
            for (var id : s.ids(Filter.ALL, 10)) {
                var r = s.rollout(id).orElseThrow();
                assertThat(r.stats().durationS()).isEmpty(); // no fps, no frames: no invented duration
                assertThat(r.stats().pathLength()).isEmpty();
                assertThat(s.annotations(id)).noneMatch(a -> a.annotator().equals(StatsAnnotator.NAME));
            }
        }
    }

    @Test
    void successSkipsRolloutsWithoutPerStepRewardsInsteadOfCallingThemUnparseable() throws Exception {
        var report = Ares.annotate(store, new SuccessAnnotator(), "", 1);
        assertThat(report.failures()).isEmpty();
        assertThat(report.skipped()).containsExactly(Map.entry(SuccessAnnotator.NO_EVIDENCE, 4L));
        try (var s = AresStore.open(store)) {
            // the success recorded at ingestion from the run's primary reward is untouched
            assertThat(s.count(Filter.parse("task_success = 1.0"))).isEqualTo(2);
        }
    }

    @Test
    void writesAModelFreeAnnotationWithoutAModelName() throws Exception {
        try (var s = AresStore.open(store)) {
            var id = s.ids(Filter.ALL, 1).get(0);
            s.annotate(id, new ai.lyceum.ares.model.Annotation("success", Optional.empty(), "success-1", java.time.Instant.now(),
                    Map.of("task_success", 0.5)));
            assertThat(s.annotations(id)).anySatisfy(a -> {
                assertThat(a.model()).isEmpty();
                assertThat(a.fields()).containsEntry("task_success", 0.5);
            });
        }
    }

    private static Rollout scored(String taskId, int sample, double reward) {
        var task = Task.of(taskId, "question " + taskId, "a");
        var trajectory = new Trajectory(task, List.of(new Trajectory.Turn(Role.ASSISTANT, task.prompt(), Completion.ofText("a"))));
        return new Rollout(taskId, sample, trajectory, Role.ASSISTANT, Map.of(Role.ASSISTANT, RewardResult.of(reward, Map.of())),
                Optional.empty(), Duration.ofMillis(3));
    }
}
