package ai.lyceum.ares.search;

import java.io.IOException;
import org.apache.lucene.codecs.KnnVectorsFormat;
import org.apache.lucene.codecs.KnnVectorsReader;
import org.apache.lucene.codecs.KnnVectorsWriter;
import org.apache.lucene.codecs.lucene99.Lucene99HnswVectorsFormat;
import org.apache.lucene.index.SegmentReadState;
import org.apache.lucene.index.SegmentWriteState;

/**
 * Lucene's HNSW format with a higher dimension limit. A trajectory embedding is 100 steps × F features, so a
 * 14-dimensional arm already needs 1,400 dimensions, above Lucene's default cap of 1,024. Registered through
 * {@code META-INF/services} so an index reopens by name. Beam width 40 rather than 100: graph construction
 * dominates the cost of {@code ingest} (recall against exact search is not yet measured).
 */
public final class AresHnswFormat extends KnnVectorsFormat {
    static final int MAX_DIMENSIONS = 8192;
    private final KnnVectorsFormat delegate = new Lucene99HnswVectorsFormat(16, 40);

    public AresHnswFormat() { super("AresHnsw"); }

    @Override
    public KnnVectorsWriter fieldsWriter(SegmentWriteState state) throws IOException { return delegate.fieldsWriter(state); }

    @Override
    public KnnVectorsReader fieldsReader(SegmentReadState state) throws IOException { return delegate.fieldsReader(state); }

    @Override
    public int getMaxDimensions(String fieldName) { return MAX_DIMENSIONS; }
}
