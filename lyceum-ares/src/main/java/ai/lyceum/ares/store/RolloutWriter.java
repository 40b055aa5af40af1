package ai.lyceum.ares.store;

import ai.lyceum.ares.model.Annotation;
import ai.lyceum.ares.model.Rollout;
import ai.lyceum.ares.model.Schema;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.List;
import org.duckdb.DuckDBAppender;
import org.duckdb.DuckDBConnection;

/**
 * Bulk writes for ingestion: DuckDB appenders (columnar, no SQL per row) on the embedded store, batched inserts
 * elsewhere. Rows become visible at {@link #flush} and {@link #close}; a crash loses at most the unflushed tail,
 * which a re-ingestion then adds (ingestion skips stored paths). Not thread-safe: one ingesting thread owns it.
 */
public final class RolloutWriter implements AutoCloseable {
    private final AresStore store;
    private final int[] schemaIndex; // table column → schema column, -1 for a column only a newer Lyceum knows
    private final Sink rollouts;
    private final Sink annotations;
    private final Sink vectors;

    RolloutWriter(AresStore store) throws SQLException {
        this.store = store;
        var table = store.tableColumns();
        schemaIndex = new int[table.size()];
        for (int i = 0; i < table.size(); i++) {
            schemaIndex[i] = Schema.ROLLOUT.column(table.get(i)).map(c -> Schema.ROLLOUT.indexOf(c.name())).orElse(-1);
        }
        rollouts = sink("rollout", table.size());
        annotations = sink("annotation", 6);
        vectors = sink("trajectory_embedding", 5);
    }

    /** Adds one rollout with the annotations computed during ingestion and its trajectory vectors. */
    public void add(Rollout rollout, List<Annotation> computed, List<TrajectoryVector> trajectoryVectors) {
        var flat = Schema.ROLLOUT.flatten(rollout);
        for (var a : computed) {
            a.fields().forEach((column, value) -> flat[Schema.ROLLOUT.indexOf(column)] = value);
        }
        var row = new Object[schemaIndex.length];
        for (int i = 0; i < row.length; i++) row[i] = schemaIndex[i] < 0 ? null : flat[schemaIndex[i]];
        try {
            rollouts.add(row);
            var id = rollout.id().toString();
            for (var a : computed) {
                annotations.add(new Object[] {id, a.annotator(), a.model().orElse(null), a.promptVersion(), a.createdAt(),
                        AresStore.json(a.fields())});
            }
            for (var v : trajectoryVectors) {
                vectors.add(new Object[] {id, v.kind(), v.groupKey(), v.features(), Blobs.of(v.values())});
            }
        } catch (SQLException e) {
            throw store.error("write rollout " + rollout.path(), e);
        }
    }

    /** Makes everything added so far durable and visible. */
    public void flush() {
        try {
            rollouts.flush();
            annotations.flush();
            vectors.flush();
        } catch (SQLException e) {
            throw store.error("flush", e);
        }
    }

    @Override
    public void close() {
        try {
            flush();
            rollouts.close();
            annotations.close();
            vectors.close();
        } catch (SQLException e) {
            throw store.error("close writer", e);
        }
    }

    private Sink sink(String table, int width) throws SQLException {
        synchronized (store) {
            if (store.dialect == Dialect.DUCKDB) {
                return new AppenderSink(store.db.unwrap(DuckDBConnection.class).createAppender(DuckDBConnection.DEFAULT_SCHEMA, table));
            }
            var marks = String.join(", ", java.util.Collections.nCopies(width, "?"));
            return new BatchSink(store.db.prepareStatement("INSERT INTO " + table + " VALUES (" + marks + ")"));
        }
    }

    private interface Sink {
        void add(Object[] row) throws SQLException;

        void flush() throws SQLException;

        void close() throws SQLException;
    }

    private static final class AppenderSink implements Sink {
        private final DuckDBAppender appender;

        AppenderSink(DuckDBAppender appender) { this.appender = appender; }

        @Override
        public void add(Object[] row) throws SQLException {
            appender.beginRow();
            for (var v : row) {
                switch (v) {
                    case null -> appender.appendNull();
                    case String s -> appender.append(s);
                    case Long l -> appender.append(l.longValue());
                    case Integer i -> appender.append(i.intValue());
                    case Double d -> appender.append(d.doubleValue());
                    case Boolean b -> appender.append(b.booleanValue());
                    case Instant t -> appender.append(LocalDateTime.ofInstant(t, ZoneOffset.UTC));
                    case byte[] bytes -> appender.append(bytes);
                    default -> throw new IllegalArgumentException("cannot append " + v.getClass());
                }
            }
            appender.endRow();
        }

        @Override
        public void flush() throws SQLException { appender.flush(); }

        @Override
        public void close() throws SQLException { appender.close(); }
    }

    private static final class BatchSink implements Sink {
        private final PreparedStatement ps;
        private int pending;

        BatchSink(PreparedStatement ps) { this.ps = ps; }

        @Override
        public void add(Object[] row) throws SQLException {
            for (int i = 0; i < row.length; i++) {
                var v = row[i];
                if (v instanceof Instant t) ps.setTimestamp(i + 1, Timestamp.from(t));
                else ps.setObject(i + 1, v);
            }
            ps.addBatch();
            if (++pending >= 1000) flush();
        }

        @Override
        public void flush() throws SQLException {
            if (pending > 0) ps.executeBatch();
            pending = 0;
        }

        @Override
        public void close() throws SQLException { ps.close(); }
    }
}
