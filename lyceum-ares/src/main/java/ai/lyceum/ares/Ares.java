package ai.lyceum.ares;

import ai.lyceum.ares.annotate.AnnotationRun;
import ai.lyceum.ares.annotate.Annotator;
import ai.lyceum.ares.annotate.LeRobotFrames;
import ai.lyceum.ares.annotate.VlmAnnotator;
import ai.lyceum.ares.curate.Exporter;
import ai.lyceum.ares.ingest.IngestReport;
import ai.lyceum.ares.ingest.LeRobotIngest;
import ai.lyceum.ares.ingest.RunStoreIngest;
import ai.lyceum.ares.search.Similarity;
import ai.lyceum.ares.search.TextEmbedder;
import ai.lyceum.ares.search.TrajectoryIndex;
import ai.lyceum.ares.store.AresStore;
import ai.lyceum.ares.store.Filter;
import ai.lyceum.ares.store.StoreStats;
import ai.lyceum.failure.FailureException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The entry points of {@code lyceum ares ...}, one static method per command, free of any CLI library. A store is
 * a directory (embedded DuckDB, with the vector index in {@code DIR/index}) or a JDBC URL.
 */
public final class Ares {
    private Ares() {}

    public enum Format { LEROBOT, ROLLOUTS }

    /** {@code ingest --format lerobot|rollouts --path P --store S}: also rebuilds the trajectory index. */
    public static IngestReport ingest(Format format, Path path, String store) throws IOException {
        try (var s = AresStore.open(store)) {
            var report = switch (format) {
                case LEROBOT -> LeRobotIngest.ingest(path, s, Optional.empty());
                case ROLLOUTS -> RunStoreIngest.ingest(path, s);
            };
            TrajectoryIndex.rebuild(s, indexDir(store));
            return report;
        }
    }

    /** {@code annotate --store S --annotator NAME}: runs one annotator over the filtered episodes. */
    public static AnnotationRun.Report annotate(String store, Annotator annotator, String filter, int concurrency)
            throws IOException, InterruptedException {
        try (var s = AresStore.open(store)) {
            return AnnotationRun.run(s, annotator, Filter.parse(filter), concurrency);
        }
    }

    /**
     * {@code annotate --store S --annotator vlm --base-url URL --model M}: the VLM annotator over the filtered episodes,
     * frames read from the LeRobot datasets the store ingested.
     */
    public static AnnotationRun.Report annotateVlm(String store, VlmAnnotator.Config config, String filter, int concurrency)
            throws IOException, InterruptedException {
        try (var s = AresStore.open(store); var vlm = new VlmAnnotator(config, new LeRobotFrames(s))) {
            return AnnotationRun.run(s, vlm, Filter.parse(filter), concurrency);
        }
    }

    /** {@code stats --store S [--filter F] [--json]}. */
    public static StoreStats stats(String store, String filter) throws IOException {
        try (var s = AresStore.open(store)) {
            return StoreStats.of(s, Filter.parse(filter));
        }
    }

    /** {@code query --store S --filter F [--limit N]}: rows with the given columns (id always included). */
    public static List<Map<String, Object>> query(String store, String filter, List<String> columns, String sort, int limit)
            throws IOException {
        return queryCounted(store, filter, columns, sort, limit).rows();
    }

    /** The rows shown and how many episodes matched in all. */
    public record QueryResult(List<Map<String, Object>> rows, long matched) {}

    /** {@code query}: the first {@code limit} matching rows (0 = all) and the number that matched. */
    public static QueryResult queryCounted(String store, String filter, List<String> columns, String sort, int limit)
            throws IOException {
        if (limit < 0) throw new IllegalArgumentException("--limit must be >= 0 (0 = all), was " + limit);
        try (var s = AresStore.open(store)) {
            var f = Filter.parse(filter);
            long matched = s.count(f);
            int n = limit == 0 ? (int) Math.min(Integer.MAX_VALUE, matched) : limit;
            return new QueryResult(n == 0 ? List.of() : s.page(f, columns, sort, false, n, 0), matched);
        }
    }

    /** {@code similar --store S --episode ID --by states|actions [-k 10]}. */
    public static List<Similarity.Match> similarByTrajectory(String store, UUID episode, String kind, int k) throws IOException {
        try (var s = AresStore.open(store); var sim = Similarity.open(s, indexDir(store))) {
            if (s.rollout(episode).isEmpty()) throw new IllegalArgumentException("no episode " + episode + " in " + store);
            var matches = sim.byTrajectory(episode, kind, k);
            if (matches.isEmpty()) {
                throw new IllegalArgumentException("episode " + episode + " has no " + kind + " trajectory indexed to compare"
                        + " (or it is the only one of its dataset)");
            }
            return matches;
        }
    }

    /** {@code similar --store S (--episode ID | --text T) --by text}: embeds missing task texts first. */
    public static List<Similarity.Match> similarByText(String store, Optional<UUID> episode, Optional<String> text,
                                                       TextEmbedder embedder, int k)
            throws IOException, FailureException, InterruptedException {
        try (var s = AresStore.open(store); var sim = Similarity.open(s, indexDir(store))) {
            Similarity.embedTexts(s, embedder);
            if (text.isPresent()) return sim.byText(text.get(), embedder, k);
            return sim.byEpisodeText(episode.orElseThrow(() -> new IllegalArgumentException("give --episode or --text")),
                    embedder.model(), k);
        }
    }

    /** {@code tag --store S --filter F --tag T} (or one episode with {@code --filter "id = '...'"}); returns how many. */
    public static long tag(String store, String filter, String tag) throws IOException {
        try (var s = AresStore.open(store)) {
            return s.tagAll(Filter.parse(filter), tag);
        }
    }

    /** {@code export --store S --filter F --format jsonl|parquet|lerobot --out DIR}. */
    public static Exporter.Result export(String store, String filter, Exporter.Format format, Path out) throws IOException {
        try (var s = AresStore.open(store)) {
            return Exporter.export(s, Filter.parse(filter), format, out);
        }
    }

    /**
     * Where a store's vector index lives: {@code DIR/index}, or for a JDBC store the directory named by the system
     * property {@code lyceum.ares.index} (default {@code ./ares-index}), since a server has no directory of its own.
     */
    public static Path indexDir(String store) {
        return store.startsWith("jdbc:") ? Path.of(System.getProperty("lyceum.ares.index", "ares-index"))
                : Path.of(store).resolve("index");
    }
}
