package ai.lyceum.ares.search;

import ai.lyceum.ares.store.AresStore;
import ai.lyceum.ares.store.EmbeddingTables;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.lucene.codecs.KnnVectorsFormat;
import org.apache.lucene.codecs.lucene104.Lucene104Codec;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.KnnFloatVectorField;
import org.apache.lucene.document.StoredField;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.VectorSimilarityFunction;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.KnnFloatVectorQuery;
import org.apache.lucene.store.FSDirectory;

/**
 * Lucene HNSW indices over z-normalised trajectory embeddings, one vector field per (group, kind) — ARES's
 * {@code "{dataset}-{embodiment}-states"} — because only vectors of one embodiment share dimensions and scales.
 * Distances are Euclidean on the normalised vectors.
 *
 * <p>The index is derived data: {@link #rebuild} recreates it from the store's raw vectors and the current
 * statistics, so more data (or {@code --recompute-stats}) never leaves it normalised with stale statistics.
 * Searching is thread-safe.
 */
public final class TrajectoryIndex implements AutoCloseable {
    private static final String ID = "id";

    public record Neighbor(UUID id, double distance) {}

    private final FSDirectory directory;
    private final DirectoryReader reader;
    private final IndexSearcher searcher;

    private TrajectoryIndex(FSDirectory directory) throws IOException {
        this.directory = directory;
        this.reader = DirectoryReader.open(directory);
        this.searcher = new IndexSearcher(reader);
    }

    static String field(String groupKey, String kind) { return groupKey + "|" + kind; }

    /** The statistics of every (group, kind), keyed by {@link #field}. */
    public static Map<String, FeatureStats> statistics(EmbeddingTables tables) {
        var stats = new HashMap<String, FeatureStats>();
        for (var m : tables.moments()) stats.put(field(m.groupKey(), m.kind()), FeatureStats.of(m));
        return stats;
    }

    /** Recreates the index in {@code dir} from the store; returns how many vectors it holds. */
    public static long rebuild(AresStore store, Path dir) throws IOException {
        var tables = new EmbeddingTables(store);
        var stats = statistics(tables);
        var config = new IndexWriterConfig()
                .setOpenMode(IndexWriterConfig.OpenMode.CREATE)
                .setRAMBufferSizeMB(256)
                .setCodec(new Lucene104Codec() {
                    private final KnnVectorsFormat format = new AresHnswFormat();

                    @Override
                    public KnnVectorsFormat getKnnVectorsFormatForField(String field) { return format; }
                });
        long[] count = {0};
        try (var directory = FSDirectory.open(dir); var writer = new IndexWriter(directory, config)) {
            tables.forEach(stored -> {
                var v = stored.vector();
                var field = field(v.groupKey(), v.kind());
                var s = stats.get(field);
                if (s == null || s.features() != v.features()) return; // vectors without statistics cannot be normalised
                var doc = new Document();
                doc.add(new StoredField(ID, stored.id().toString()));
                doc.add(new KnnFloatVectorField(field, s.normalise(v.values()), VectorSimilarityFunction.EUCLIDEAN));
                try {
                    writer.addDocument(doc);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
                count[0]++;
            });
            writer.commit();
        }
        return count[0];
    }

    public static TrajectoryIndex open(Path dir) throws IOException {
        return new TrajectoryIndex(FSDirectory.open(dir));
    }

    /** The {@code k} nearest vectors of a field to an already normalised query, nearest first. */
    public List<Neighbor> nearest(String groupKey, String kind, float[] normalisedQuery, int k) {
        try {
            var hits = searcher.search(new KnnFloatVectorQuery(field(groupKey, kind), normalisedQuery, k), k);
            var out = new ArrayList<Neighbor>(hits.scoreDocs.length);
            var stored = searcher.storedFields();
            for (var hit : hits.scoreDocs) {
                var id = UUID.fromString(stored.document(hit.doc).get(ID));
                // Lucene scores Euclidean similarity as 1 / (1 + d²).
                out.add(new Neighbor(id, Math.sqrt(Math.max(0, 1 / (double) hit.score - 1))));
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public int size() { return reader.numDocs(); }

    @Override
    public void close() throws IOException {
        reader.close();
        directory.close();
    }

}
