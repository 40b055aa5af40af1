package ai.lyceum.ares;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.lyceum.ares.curate.Exporter;
import ai.lyceum.ares.search.Similarity;
import ai.lyceum.ares.store.AresStore;
import ai.lyceum.ares.store.Filter;
import ai.lyceum.ares.store.StoreStats;
import ai.lyceum.ares.synth.SyntheticLeRobot;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IngestAndCurateTest extends SyntheticStoreContract {
    @Override
    String store() { return store; }

    @Override
    Path data() { return data; }

    @Override
    long frames() { return frames; }

    @TempDir
    static Path dir;
    static Path data;
    static String store;
    static long frames;

    @BeforeAll
    static void ingestASyntheticDataset() throws Exception {
        data = dir.resolve("synth");
        // 1,050 episodes over several data files, so episodes 0..49 have exact duplicates 1000..1049.
        frames = new SyntheticLeRobot(1050, 7, 20_000, false).write(data);
        store = dir.resolve("store").toString();
        var report = Ares.ingest(Ares.Format.LEROBOT, data, store);
        assertThat(report.errors()).isEmpty();
        assertThat(report.episodes()).isEqualTo(1050);
    }

    @Test
    void filtersByColumnsAndRejectsUnknownOnes() throws Exception {
        try (var s = AresStore.open(store)) {
            assertThat(s.count(Filter.parse("task_success = 0.0"))).isEqualTo(350);
            assertThat(s.count(Filter.parse("length >= 70"))).isPositive().isLessThan(1050);
            assertThat(s.count(Filter.parse("task_language_instruction ~ 'CUBE' and episode_index < 100"))).isPositive();
            assertThatThrownBy(() -> Filter.parse("nope = 1")).hasMessageContaining("unknown column 'nope'");
            assertThatThrownBy(() -> Filter.parse("length = 1; drop table rollout")).isInstanceOf(IllegalArgumentException.class);
            assertThat(StoreStats.distribution(s, Filter.ALL, "length")).hasSize(10);
        }
    }

    @Test
    void findsTheExactDuplicateAsNearestTrajectory() throws Exception {
        try (var s = AresStore.open(store); var sim = Similarity.open(s, Ares.indexDir(store))) {
            var id = s.ids(Filter.parse("episode_index = 7"), 1).get(0);
            var twin = s.ids(Filter.parse("episode_index = 1007"), 1).get(0);
            var matches = sim.byTrajectory(id, "states", 10);
            assertThat(matches).hasSize(10);
            assertThat(matches.get(0).id()).isEqualTo(twin);
            assertThat(matches.get(0).distance()).isLessThan(1e-3);
            var dups = sim.nearDuplicates(s.ids(Filter.parse("episode_index < 60"), 100), "actions", 1e-3);
            assertThat(dups).hasSizeGreaterThanOrEqualTo(50); // episodes 0..49 each have a twin 1000..1049
            var withTwins = sim.nearDuplicates(List.of(id), "actions", 1e-3);
            assertThat(withTwins).singleElement().satisfies(d -> assertThat(List.of(d.a(), d.b())).contains(twin));
        }
    }

    @Test
    void exportsASelectionAsJsonlParquetAndLeRobot() throws Exception {
        var filter = "episode_index < 10";
        var jsonl = Ares.export(store, filter, Exporter.Format.JSONL, dir.resolve("out-jsonl"));
        assertThat(Files.readAllLines(jsonl.files().get(0))).hasSize(10);
        assertThat(Files.readString(dir.resolve("out-jsonl/manifest.json"))).contains("episode_index < 10");
        var parquet = Ares.export(store, filter, Exporter.Format.PARQUET, dir.resolve("out-parquet"));
        assertThat(parquet.episodes()).isEqualTo(10);
        var lerobot = Ares.export(store, filter, Exporter.Format.LEROBOT, dir.resolve("out-lerobot"));
        long expected = 0;
        for (int e = 0; e < 10; e++) expected += SyntheticLeRobot.length(e);
        assertThat(lerobot.frames()).isEqualTo(expected);
        // The export is itself a valid dataset: it ingests back with the same counts.
        var back = dir.resolve("store-back").toString();
        var report = Ares.ingest(Ares.Format.LEROBOT, dir.resolve("out-lerobot"), back);
        assertThat(report.errors()).isEmpty();
        assertThat(report.episodes()).isEqualTo(10);
        assertThat(report.frames()).isEqualTo(expected);
    }
}
