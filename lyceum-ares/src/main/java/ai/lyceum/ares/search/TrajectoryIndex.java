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
import org.apache.lucene.document.Field;
import org.apache.lucene.document.StringField;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.TermQuery;
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
    private static final String KEY = "key";
    private static final String GROUP = "group";

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
                // Merging re-inserts every vector of the smaller segments into a graph; searching a few segments is cheaper.
                .setMergePolicy(org.apache.lucene.index.NoMergePolicy.INSTANCE)
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
                doc.add(new StringField(KEY, stored.id() + "|" + v.kind(), Field.Store.NO));
                doc.add(new StoredField(GROUP, v.groupKey()));
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

    /** An episode's indexed (normalised) vector and its group, read back from the index itself. */
    public record Indexed(String groupKey, float[] vector) {}

    public java.util.Optional<Indexed> vector(UUID id, String kind) {
        try {
            var hits = searcher.search(new TermQuery(new Term(KEY, id + "|" + kind)), 1);
            if (hits.scoreDocs.length == 0) return java.util.Optional.empty();
            int doc = hits.scoreDocs[0].doc;
            var group = searcher.storedFields().document(doc).get(GROUP);
            var leaves = reader.leaves();
            var leaf = leaves.get(org.apache.lucene.index.ReaderUtil.subIndex(doc, leaves));
            var values = leaf.reader().getFloatVectorValues(field(group, kind));
            if (values == null) return java.util.Optional.empty();
            var it = values.iterator();
            if (it.advance(doc - leaf.docBase) != doc - leaf.docBase) return java.util.Optional.empty();
            return java.util.Optional.of(new Indexed(group, values.vectorValue(it.index()).clone()));
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
