package ai.lyceum.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.lyceum.failure.Failure;
import ai.lyceum.rollout.RolloutKey;
import ai.lyceum.rollout.Rollouts;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunStoreTest {
    @TempDir
    Path dir;

    @Test
    void keepsEveryAppendedRolloutAcrossReopening() throws Exception {
        try (var store = RunStore.open(dir)) {
            store.saveManifest(new RunManifest("gsm8k", "default", "gold", 2, 0, 7));
            store.append(Rollouts.scored("a", 0, 1));
            store.append(Rollouts.failed("a", 1, new Failure.HttpStatus(500, "boom")));
        }
        try (var store = RunStore.open(dir)) {
            assertThat(store.manifest()).contains(new RunManifest("gsm8k", "default", "gold", 2, 0, 7));
            assertThat(store.finished(true)).containsExactlyInAnyOrder(new RolloutKey("a", 0), new RolloutKey("a", 1));
            assertThat(store.finished(false)).containsExactly(new RolloutKey("a", 0));
            var rows = store.rollouts();
            assertThat(rows.get(0).reward()).contains(1.0);
            assertThat(rows.get(1).reward()).isEmpty();
            assertThat(rows.get(1).failureType()).contains("http_500");
            assertThat(rows.get(1).failureDetail()).contains("HTTP 500: boom");
            assertThat(rows.get(0).trajectoryJson()).contains("\"role\":\"assistant\"", "\"text\":\"a\"");
        }
    }

    @Test
    void writesManyRolloutsFromManyThreadsWithoutLosingAny() throws Exception {
        try (var store = RunStore.open(dir)) {
            try (var executor = java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor()) {
                IntStream.range(0, 5000).forEach(i -> executor.submit(() -> {
                    store.append(Rollouts.scored("t" + i, 0, i % 2));
                    return null;
                }));
            }
            store.flush();
            assertThat(store.finished(true)).hasSize(5000);
        }
    }

    @Test
    void aRetriedRolloutReplacesItsFailedRecord() throws Exception {
        try (var store = RunStore.open(dir)) {
            store.append(Rollouts.failed("a", 0, new Failure.Timeout(java.time.Duration.ofSeconds(1))));
            store.append(Rollouts.scored("a", 0, 1));
            store.flush();
            assertThat(store.rollouts()).singleElement().satisfies(r -> assertThat(r.failureType()).isEmpty());
        }
    }

    @Test
    void countersAddUpAcrossSegments() throws Exception {
        try (var store = RunStore.open(dir)) {
            store.addCounts(Map.of("retry.http_500", 2L));
            store.addCounts(Map.of("retry.http_500", 3L, "retry.connection", 1L));
            assertThat(store.counts()).containsEntry("retry.http_500", 5L).containsEntry("retry.connection", 1L);
        }
    }

    @Test
    void refusesAStoreFromANewerSchema() throws Exception {
        try (var db = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve(RunStore.FILE_NAME));
             var s = db.createStatement()) {
            s.execute("PRAGMA user_version=99");
        }
        assertThatThrownBy(() -> RunStore.open(dir)).hasMessageContaining("schema version 99");
    }

    @Test
    void aVersionOneStoreGainsTheTrainingTablesAndKeepsItsRollouts() throws Exception {
        try (var db = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve(RunStore.FILE_NAME));
             var s = db.createStatement()) {
            s.execute("CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT NOT NULL)");
            s.execute("CREATE TABLE rollouts(task_id TEXT NOT NULL, sample INTEGER NOT NULL, reward REAL, failure_type TEXT,"
                    + " failure_detail TEXT, rewards TEXT NOT NULL, trajectory TEXT NOT NULL, duration_ms REAL NOT NULL,"
                    + " finished_at TEXT NOT NULL, PRIMARY KEY (task_id, sample))");
            s.execute("CREATE TABLE counters(name TEXT PRIMARY KEY, count INTEGER NOT NULL)");
            s.execute("INSERT INTO rollouts VALUES ('old', 0, 1.0, NULL, NULL, '{}', '{}', 1.0, 'then')");
            s.execute("PRAGMA user_version=1");
        }
        try (var reader = RunStore.openReadOnly(dir)) { // a viewer reads it as it is, without upgrading it
            assertThat(reader.rollouts()).hasSize(1);
            assertThat(reader.trainRuns()).isEmpty();
            assertThat(reader.wallTime()).isZero();
        }
        try (var store = RunStore.open(dir)) {
            assertThat(store.finished(false)).containsExactly(new ai.lyceum.rollout.RolloutKey("old", 0));
            store.recordTrainStep("guide-seed1", 0, Map.of("loss", 0.5), java.util.List.of(
                    new RunStore.GuidanceRecord("abc", "reference:cipher", "__x_", 0.75, true)));
            store.recordTrainStep("guide-seed1", 1, Map.of("loss", 0.25), java.util.List.of());
        }
        try (var store = RunStore.open(dir)) {
            assertThat(store.trainSteps("guide-seed1")).containsOnlyKeys(0, 1).containsEntry(1, "{\"loss\":0.25}");
            assertThat(store.guidance("guide-seed1")).containsExactly(
                    new RunStore.GuidanceRecord("abc", "reference:cipher", "__x_", 0.75, true));
            assertThat(store.guidance("grpo-seed1")).isEmpty();
        }
    }

    @Test
    void manifestMismatchNamesTheSetting() {
        var a = new RunManifest("gsm8k", "default", "gold", 1, 0, 0);
        assertThat(a.mismatch(new RunManifest("gsm8k", "default", "gold", 4, 0, 0)))
                .contains("--samples was 1 in the stored run but is 4 now");
        assertThat(a.mismatch(a)).isEmpty();
    }

    @Test
    void exportsOneLinePerRolloutWithNullsForFailures() throws Exception {
        try (var store = RunStore.open(dir)) {
            store.append(Rollouts.scored("a", 0, 0.5));
            store.append(Rollouts.failed("b", 0, new Failure.Connection("reset")));
            store.flush();
            var file = RolloutsExport.write(store.rollouts(), dir);
            assertThat(Files.readAllLines(file)).containsExactly(
                    "{\"task_id\":\"a\",\"sample\":0,\"reward\":0.5,\"failure\":null,\"turns\":[{\"role\":\"assistant\","
                            + "\"observation\":[{\"role\":\"user\",\"content\":\"q\"}],\"text\":\"a\",\"finish\":\"stop\",\"usage\":{\"prompt_tokens\":0,\"completion_tokens\":0}}]}",
                    "{\"task_id\":\"b\",\"sample\":0,\"reward\":null,\"failure\":\"connection\",\"turns\":[]}");
        }
    }

    @Test
    void aSecondWriterIsRefusedUntilTheFirstCloses() throws Exception {
        try (var first = RunStore.open(dir)) {
            assertThatThrownBy(() -> RunStore.open(dir)).isInstanceOf(java.io.IOException.class)
                    .hasMessageContaining(dir + " is in use by another Lyceum process (pid " + ProcessHandle.current().pid());
            try (var reader = RunStore.openReadOnly(dir)) {
                assertThat(reader.rollouts()).isEmpty(); // readers need no lock
            }
        }
        RunStore.open(dir).close();
    }

    @Test
    void aSegmentsCountersAndWallTimeAreCommittedWithoutAnEnd() throws Exception {
        var retries = new java.util.concurrent.atomic.AtomicLong(3);
        var store = RunStore.open(dir); // never ended nor closed: as after kill -9
        store.beginSegment(() -> Map.of("retry.http_500", retries.get()));
        store.append(Rollouts.scored("a", 0, 1));
        store.flush();
        retries.set(5);
        Thread.sleep(1500); // idle: the writer still records progress every second
        try (var reader = RunStore.openReadOnly(dir)) {
            assertThat(reader.counts()).containsEntry("retry.http_500", 5L);
            assertThat(reader.wallTime()).isPositive();
        }
    }
}
