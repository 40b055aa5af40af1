package ai.lyceum.ares;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.lyceum.ares.annotate.StatsAnnotator;
import ai.lyceum.ares.curate.Exporter;
import ai.lyceum.ares.model.Annotation;
import ai.lyceum.ares.store.AresStore;
import ai.lyceum.ares.store.Filter;
import ai.lyceum.ares.store.StoreStats;
import ai.lyceum.ares.synth.SyntheticLeRobot;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TimeZone;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The store on a real PostgreSQL server (a throwaway cluster on loopback), driven through the same entry points as
 * the CLI, with the counts {@link IngestAndCurateTest} expects of the embedded store. Skipped when no PostgreSQL
 * server binaries are installed; CI installs them.
 */
class PostgresStoreTest extends SyntheticStoreContract {
    @Override
    String store() { return store; }

    @Override
    Path data() { return data; }

    @Override
    long frames() { return frames; }

    private static final String INDEX_PROPERTY = "lyceum.ares.index";

    @TempDir
    static Path dir;
    static ThrowawayPostgres server;
    static Path data;
    static String store;
    static long frames;

    /** Why the server cannot run here, if it cannot: every test then reports itself skipped with this reason. */
    static Optional<String> unavailable = Optional.empty();

    @BeforeAll
    static void ingestASyntheticDatasetIntoPostgres() throws Exception {
        var bin = ThrowawayPostgres.binaries();
        if (bin.isEmpty()) {
            unavailable = Optional.of("no PostgreSQL server binaries (initdb, pg_ctl) in /usr/lib/postgresql/*/bin,"
                    + " /usr/local/pgsql/bin or $LYCEUM_PG_BIN; install the postgresql package to run this test");
            return;
        }
        if (ThrowawayPostgres.runningAsRoot() && !ThrowawayPostgres.canRunAsPostgresUser()) {
            unavailable = Optional.of("running as root, and cannot run PostgreSQL as the 'postgres' user (runuser -u postgres failed)");
            return;
        }
        server = ThrowawayPostgres.start(bin.get());
        store = server.jdbcUrl();
        System.setProperty(INDEX_PROPERTY, dir.resolve("index").toString());
        data = dir.resolve("synth");
        frames = new SyntheticLeRobot(1050, 7, 20_000, false).write(data);
        var report = Ares.ingest(Ares.Format.LEROBOT, data, store);
        assertThat(report.errors()).isEmpty();
        assertThat(report.episodes()).isEqualTo(1050);
    }

    @BeforeEach
    void needsTheServer() {
        Assumptions.assumeTrue(unavailable.isEmpty(), () -> unavailable.orElseThrow());
    }

    @AfterAll
    static void stopTheServer() throws Exception {
        System.clearProperty(INDEX_PROPERTY);
        if (server != null) server.close();
    }

    @Test
    void filtersQueriesAndChartsLikeTheEmbeddedStore() throws Exception {
        try (var s = AresStore.open(store)) {
            assertThat(s.count(Filter.parse("length >= 70"))).isPositive().isLessThan(1050);
            assertThat(s.count(Filter.parse("task_language_instruction ~ 'CUBE' and episode_index < 100"))).isPositive();
            assertThat(s.count(Filter.parse("episode_index in (1, 2, 3) and task_success is not null"))).isEqualTo(3);
            assertThatThrownBy(() -> Filter.parse("length = 1; drop table rollout")).isInstanceOf(IllegalArgumentException.class);
            var lengths = StoreStats.distribution(s, Filter.ALL, "length");
            assertThat(lengths).hasSize(10);
            assertThat(lengths.stream().mapToLong(StoreStats.Bucket::count).sum()).isEqualTo(1050);
            var success = StoreStats.distribution(s, Filter.ALL, "task_success");
            assertThat(success.get(0).count()).isEqualTo(350);
            assertThat(success.get(9).count()).isEqualTo(700);
            var tasks = StoreStats.distribution(s, Filter.ALL, "task_language_instruction");
            assertThat(tasks).hasSize(7);
            assertThat(tasks.stream().mapToLong(StoreStats.Bucket::count).sum()).isEqualTo(1050);
        }
        var rows = Ares.query(store, "episode_index < 5", List.of("episode_index", "length"), "episode_index", 100);
        assertThat(rows).extracting(r -> ((Number) r.get("episode_index")).longValue()).containsExactly(0L, 1L, 2L, 3L, 4L);
        assertThat(rows).extracting(r -> ((Number) r.get("length")).longValue())
                .containsExactly(SyntheticLeRobot.length(0), SyntheticLeRobot.length(1), SyntheticLeRobot.length(2),
                        SyntheticLeRobot.length(3), SyntheticLeRobot.length(4));
    }

    @Test
    void tagsASelectionOnceHoweverOftenItIsTagged() throws Exception {
        assertThat(Ares.tag(store, "episode_index < 20", "pg-review")).isEqualTo(20);
        assertThat(Ares.tag(store, "episode_index < 20", "pg-review")).isEqualTo(20);
        assertThat(Ares.stats(store, "tag = 'pg-review'").episodes()).isEqualTo(20);
        try (var s = AresStore.open(store)) {
            var id = s.ids(Filter.parse("episode_index = 0"), 1).get(0);
            assertThat(s.tags(id)).containsExactly("pg-review");
            s.untag(id, "pg-review");
            assertThat(s.tags(id)).isEmpty();
        }
    }

    @Test
    void reannotatingWithStatsAddsNoDuplicateAndKeepsTheProvenance() throws Exception {
        var report = Ares.annotate(store, new StatsAnnotator(), "episode_index >= 100 and episode_index < 130", 2);
        assertThat(report.failures()).isEmpty();
        assertThat(report.annotated()).isZero(); // ingest ran this version of stats already (issue 13)
        assertThat(report.skipped()).containsEntry("already_annotated", 30L);
        try (var s = AresStore.open(store)) {
            var id = s.ids(Filter.parse("episode_index = 104"), 1).get(0);
            assertThat(s.annotations(id)).extracting(a -> a.annotator()).containsExactlyInAnyOrder("stats", "success");
            assertThat(s.rollout(id).orElseThrow().stats().pathLength().orElseThrow()).isPositive();
        }
    }

    @Test
    void keepsTheInstantOfAnAnnotationAcrossClientTimeZones() throws Exception {
        var at = Instant.parse("2026-03-01T12:00:00Z");
        var original = TimeZone.getDefault();
        UUID id;
        try {
            // The writer's JVM is 14 hours ahead of UTC; the reader's is not.
            TimeZone.setDefault(TimeZone.getTimeZone("Pacific/Kiritimati"));
            try (var s = AresStore.open(store)) {
                id = s.ids(Filter.parse("episode_index = 200"), 1).get(0);
                s.annotate(id, new Annotation("success", Optional.empty(), "tz-check", at, Map.of("task_success", 1.0)));
            }
        } finally {
            TimeZone.setDefault(original);
        }
        TimeZone.setDefault(TimeZone.getTimeZone("America/Los_Angeles"));
        try (var s = AresStore.open(store)) {
            assertThat(s.annotations(id)).filteredOn(a -> a.promptVersion().equals("tz-check"))
                    .singleElement().satisfies(a -> assertThat(a.createdAt()).isEqualTo(at));
        } finally {
            TimeZone.setDefault(original);
        }
    }

    @Test
    void findsTheExactDuplicateAsNearestTrajectory() throws Exception {
        try (var s = AresStore.open(store)) {
            var id = s.ids(Filter.parse("episode_index = 7"), 1).get(0);
            var twin = s.ids(Filter.parse("episode_index = 1007"), 1).get(0);
            var matches = Ares.similarByTrajectory(store, id, "states", 10);
            assertThat(matches).hasSize(10);
            assertThat(matches.get(0).id()).isEqualTo(twin);
            assertThat(matches.get(0).distance()).isLessThan(1e-3);
        }
    }

    @Test
    void exportsASelectionAsJsonlAndRefusesTheDuckdbOnlyFormats() throws Exception {
        var jsonl = Ares.export(store, "episode_index < 10", Exporter.Format.JSONL, dir.resolve("out-jsonl"));
        var lines = Files.readAllLines(jsonl.files().get(0));
        assertThat(lines).hasSize(10);
        long expected = 0;
        for (int e = 0; e < 10; e++) expected += SyntheticLeRobot.length(e);
        assertThat(jsonl.frames()).isEqualTo(expected);
        var first = new ObjectMapper().readValue(lines.get(0), Map.class);
        assertThat(first).containsEntry("dataset_name", "synth").containsKey("id");
        assertThat(Files.readString(dir.resolve("out-jsonl/manifest.json"))).contains("episode_index < 10");
        assertThatThrownBy(() -> Ares.export(store, "", Exporter.Format.PARQUET, dir.resolve("out-parquet")))
                .hasMessageContaining("needs the embedded DuckDB store");
    }
}
