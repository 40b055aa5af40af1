package ai.lyceum.ares.store;

import ai.lyceum.ares.model.Annotation;
import ai.lyceum.ares.model.Rollout;
import ai.lyceum.ares.model.Schema;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * The structured store: one flat {@code rollout} table (see {@link Schema}), plus {@code dataset},
 * {@code annotation} (provenance), {@code tag}, {@code trajectory_embedding}, {@code embedding_stats} and
 * {@code text_embedding}. Embedded DuckDB ({@code DIR/ares.duckdb}) by default; any PostgreSQL through a JDBC URL
 * when its driver is on the class path.
 *
 * <p>Schema evolution happens on open and is additive only: every schema column missing from the table is added
 * with {@code ALTER TABLE ... ADD COLUMN}, and {@code schema_meta} records each column's path. Columns the code
 * does not know (written by a newer Lyceum) are left alone and read as nothing.
 *
 * <p>One JDBC connection, used under {@code this}'s monitor: DuckDB allows one writer per file, and the web
 * server's reads are short.
 */
public final class AresStore implements AutoCloseable {
    public static final String FILE_NAME = "ares.duckdb";
    static final ObjectMapper JSON = new ObjectMapper();

    private final String url;
    final Dialect dialect;
    final Connection db;
    private List<String> tableColumns;

    private AresStore(String url, Connection db) throws SQLException {
        this.url = url;
        this.dialect = Dialect.of(url);
        this.db = db;
        migrate();
    }

    /** Opens (creating if needed) the embedded store in {@code dir}, or connects when {@code store} is a JDBC URL. */
    public static AresStore open(String store) throws IOException {
        if (store.startsWith("jdbc:")) return connect(store);
        return open(Path.of(store));
    }

    public static AresStore open(Path dir) throws IOException {
        Files.createDirectories(dir);
        return connect("jdbc:duckdb:" + dir.toAbsolutePath().resolve(FILE_NAME));
    }

    public static AresStore connect(String jdbcUrl) throws IOException {
        try {
            var props = new java.util.Properties();
            // One multi-row INSERT per batch instead of one statement per row: ingestion's batches are 1,000 rows.
            // A URL that sets the option itself wins, since the driver reads URL parameters after these.
            if (Dialect.of(jdbcUrl) == Dialect.POSTGRES) props.setProperty("reWriteBatchedInserts", "true");
            return new AresStore(jdbcUrl, DriverManager.getConnection(jdbcUrl, props));
        } catch (SQLException e) {
            throw new IOException("cannot open ARES store " + jdbcUrl + ": " + e.getMessage(), e);
        }
    }

    public String url() { return url; }

    private void migrate() throws SQLException {
        try (var s = db.createStatement()) {
            // No PRIMARY KEY: maintaining its index made bulk appends several times slower, and ids are random v4 UUIDs.
            s.execute("CREATE TABLE IF NOT EXISTS rollout (id TEXT NOT NULL)");
            s.execute("CREATE TABLE IF NOT EXISTS schema_meta (column_name TEXT PRIMARY KEY, path TEXT, sql_type TEXT)");
            s.execute("CREATE TABLE IF NOT EXISTS dataset (name TEXT PRIMARY KEY, format TEXT, root TEXT, info_json TEXT,"
                    + " updated_at " + dialect.timestamp() + ")");
            s.execute("CREATE TABLE IF NOT EXISTS annotation (rollout_id TEXT, annotator TEXT, model TEXT,"
                    + " prompt_version TEXT, created_at " + dialect.timestamp() + ", fields_json TEXT)");
            s.execute("CREATE TABLE IF NOT EXISTS tag (rollout_id TEXT, tag TEXT, created_at " + dialect.timestamp() + ","
                    + " PRIMARY KEY (rollout_id, tag))");
            s.execute("CREATE TABLE IF NOT EXISTS trajectory_embedding (rollout_id TEXT, kind TEXT, group_key TEXT,"
                    + " dim INTEGER, vec " + dialect.blob() + ")");
            s.execute("CREATE TABLE IF NOT EXISTS embedding_stats (group_key TEXT, kind TEXT, n BIGINT, mean "
                    + dialect.blob() + ", m2 " + dialect.blob() + ", PRIMARY KEY (group_key, kind))");
            s.execute("CREATE TABLE IF NOT EXISTS text_embedding (text TEXT, model TEXT, vec " + dialect.blob()
                    + ", PRIMARY KEY (text, model))");
        }
        var existing = new HashSet<>(columnsOf("rollout"));
        for (var c : Schema.ROLLOUT.columns()) {
            if (existing.contains(c.name())) continue;
            try (var s = db.createStatement()) {
                s.execute("ALTER TABLE rollout ADD COLUMN \"" + c.name() + "\" " + dialect.type(c.type()));
            }
        }
        try (var ps = db.prepareStatement(dialect == Dialect.POSTGRES
                ? "INSERT INTO schema_meta VALUES (?, ?, ?) ON CONFLICT (column_name) DO NOTHING"
                : "INSERT OR IGNORE INTO schema_meta VALUES (?, ?, ?)")) {
            for (var c : Schema.ROLLOUT.columns()) {
                ps.setString(1, c.name());
                ps.setString(2, c.path());
                ps.setString(3, c.type().name());
                ps.addBatch();
            }
            ps.executeBatch();
        }
        tableColumns = columnsOf("rollout");
    }

    private List<String> columnsOf(String table) throws SQLException {
        var names = new ArrayList<String>();
        // Only the schema the tables were created in: a server database may hold another schema's rollout table.
        try (var ps = db.prepareStatement("SELECT column_name FROM information_schema.columns WHERE table_name = ?"
                + " AND table_schema = current_schema() ORDER BY ordinal_position")) {
            ps.setString(1, table);
            try (var rs = ps.executeQuery()) {
                while (rs.next()) names.add(rs.getString(1));
            }
        }
        return names;
    }

    /** The table's columns in physical order (the schema's, plus any a newer Lyceum added). */
    List<String> tableColumns() { return tableColumns; }

    /** A bulk writer for ingestion; close it to commit what it buffered. */
    public synchronized RolloutWriter writer() {
        try {
            return new RolloutWriter(this);
        } catch (SQLException e) {
            throw error("open a writer", e);
        }
    }

    /** Records where a dataset came from (its root and metadata), replacing an earlier record. */
    public synchronized void putDataset(String name, String format, String root, String infoJson) {
        update("DELETE FROM dataset WHERE name = ?", name);
        update("INSERT INTO dataset VALUES (?, ?, ?, ?, ?)", name, format, root, infoJson, Timestamp.from(Instant.now()));
    }

    public record DatasetRecord(String name, String format, String root, String infoJson) {}

    public synchronized Optional<DatasetRecord> dataset(String name) {
        var rows = select("SELECT name, format, root, info_json FROM dataset WHERE name = ?", List.of(name),
                rs -> new DatasetRecord(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4)));
        return rows.stream().findFirst();
    }

    /** Paths already stored for a dataset: what a re-ingestion skips. */
    public synchronized Set<String> paths(String datasetName) {
        return new HashSet<>(select("SELECT path FROM rollout WHERE dataset_name = ?", List.of(datasetName), rs -> rs.getString(1)));
    }

    public synchronized Optional<Rollout> rollout(UUID id) {
        var rows = select("SELECT * FROM rollout WHERE id = ?", List.of(id.toString()), AresStore::rowMap);
        return rows.stream().findFirst().map(Schema.ROLLOUT::rebuild);
    }

    /** Streams the rollouts a filter selects, in ingestion order, without holding them all. */
    public synchronized void forEach(Filter filter, Consumer<Rollout> action) {
        try (var ps = prepare("SELECT * FROM rollout WHERE " + filter.sql() + " ORDER BY dataset_name, path", filter.parameters());
             var rs = ps.executeQuery()) {
            while (rs.next()) action.accept(Schema.ROLLOUT.rebuild(rowMap(rs)));
        } catch (SQLException e) {
            throw error("read rollouts", e);
        }
    }

    /** Applies an annotation: sets its columns and records its provenance, in one transaction. */
    public synchronized void annotate(UUID id, Annotation annotation) {
        if (annotation.fields().isEmpty()) return;
        var sets = new ArrayList<String>();
        var params = new ArrayList<Object>();
        annotation.fields().forEach((k, v) -> {
            sets.add("\"" + k + "\" = ?");
            params.add(v);
        });
        params.add(id.toString());
        try {
            db.setAutoCommit(false);
            try {
                update("UPDATE rollout SET " + String.join(", ", sets) + " WHERE id = ?", params.toArray());
                update("INSERT INTO annotation VALUES (?, ?, ?, ?, ?, ?)", id.toString(), annotation.annotator(),
                        annotation.model().orElse(null), annotation.promptVersion(),
                        Timestamp.from(annotation.createdAt()), json(annotation.fields()));
                db.commit();
            } catch (RuntimeException | SQLException e) {
                db.rollback();
                throw e;
            } finally {
                db.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw error("annotate " + id, e);
        }
    }

    /** Every annotation of a rollout, oldest first: the provenance of its estimated and computed fields. */
    public synchronized List<Annotation> annotations(UUID id) {
        return select("SELECT annotator, model, prompt_version, created_at, fields_json FROM annotation"
                + " WHERE rollout_id = ? ORDER BY created_at", List.of(id.toString()), rs -> {
            @SuppressWarnings("unchecked")
            Map<String, Object> fields = readJson(rs.getString(5), Map.class);
            return new Annotation(rs.getString(1), Optional.ofNullable(rs.getString(2)), rs.getString(3),
                    rs.getTimestamp(4).toInstant(), fields);
        });
    }

    public synchronized void tag(UUID id, String tag) {
        if (tag.isBlank() || tag.length() > 64) throw new IllegalArgumentException("tag must be 1..64 characters, was '" + tag + "'");
        update(dialect == Dialect.POSTGRES ? "INSERT INTO tag VALUES (?, ?, ?) ON CONFLICT DO NOTHING"
                : "INSERT OR IGNORE INTO tag VALUES (?, ?, ?)", id.toString(), tag.strip(), Timestamp.from(Instant.now()));
    }

    /** Tags every rollout the filter selects; returns how many were selected. */
    public synchronized long tagAll(Filter filter, String tag) {
        var ids = ids(filter, Integer.MAX_VALUE);
        for (var id : ids) tag(id, tag);
        return ids.size();
    }

    public synchronized void untag(UUID id, String tag) {
        update("DELETE FROM tag WHERE rollout_id = ? AND tag = ?", id.toString(), tag);
    }

    public synchronized List<String> tags(UUID id) {
        return select("SELECT tag FROM tag WHERE rollout_id = ? ORDER BY tag", List.of(id.toString()), rs -> rs.getString(1));
    }

    public synchronized List<UUID> ids(Filter filter, int limit) {
        return select("SELECT id FROM rollout WHERE " + filter.sql() + " ORDER BY dataset_name, path LIMIT " + limit,
                filter.parameters(), rs -> UUID.fromString(rs.getString(1)));
    }

    /** The given columns of the given rollouts, in the order of {@code ids}; one query whatever their number. */
    public synchronized List<Map<String, Object>> rows(List<UUID> ids, List<String> columns) {
        if (ids.isEmpty()) return List.of();
        var cols = new ArrayList<String>();
        cols.add("id");
        for (var c : columns) cols.add("\"" + Schema.ROLLOUT.column(c).orElseThrow(() -> new IllegalArgumentException("unknown column " + c)).name() + "\"");
        var marks = String.join(", ", java.util.Collections.nCopies(ids.size(), "?"));
        var byId = new java.util.HashMap<String, Map<String, Object>>();
        for (var row : select("SELECT " + String.join(", ", cols) + " FROM rollout WHERE id IN (" + marks + ")",
                ids.stream().map(UUID::toString).toList(), AresStore::rowMap)) {
            byId.put(row.get("id").toString(), row);
        }
        return ids.stream().map(id -> byId.get(id.toString())).filter(java.util.Objects::nonNull).toList();
    }

    public synchronized long count(Filter filter) {
        return select("SELECT count(*) FROM rollout WHERE " + filter.sql(), filter.parameters(), rs -> rs.getLong(1)).get(0);
    }

    /**
     * One page of rows: the given columns (validated against the schema), sorted by {@code sort}.
     * Every row also carries {@code id}.
     */
    public synchronized List<Map<String, Object>> page(Filter filter, List<String> columns, String sort, boolean descending,
                                                       int limit, int offset) {
        var cols = new ArrayList<String>();
        cols.add("id");
        for (var c : columns) cols.add("\"" + Schema.ROLLOUT.column(c).orElseThrow(() -> new IllegalArgumentException("unknown column " + c)).name() + "\"");
        var sortCol = Schema.ROLLOUT.column(sort).orElseThrow(() -> new IllegalArgumentException("unknown sort column " + sort));
        var sql = "SELECT " + String.join(", ", cols) + " FROM rollout WHERE " + filter.sql() + " ORDER BY \""
                + sortCol.name() + "\" " + (descending ? "DESC" : "ASC") + " NULLS LAST, id LIMIT " + Math.max(0, Math.min(limit, 10_000))
                + " OFFSET " + Math.max(0, offset);
        return select(sql, filter.parameters(), AresStore::rowMap);
    }

    /** Runs a read-only aggregate over the filtered rollouts; {@code select} is built by this package only. */
    synchronized <T> List<T> aggregate(String select, String tail, Filter filter, RowReader<T> reader) {
        return select("SELECT " + select + " FROM rollout WHERE " + filter.sql() + " " + tail, filter.parameters(), reader);
    }

    @FunctionalInterface
    interface RowReader<T> {
        T read(ResultSet rs) throws SQLException;
    }

    synchronized <T> List<T> select(String sql, List<?> params, RowReader<T> reader) {
        try (var ps = prepare(sql, params); var rs = ps.executeQuery()) {
            var out = new ArrayList<T>();
            while (rs.next()) out.add(reader.read(rs));
            return out;
        } catch (SQLException e) {
            throw error("query: " + sql, e);
        }
    }

    synchronized void update(String sql, Object... params) {
        try (var ps = prepare(sql, java.util.Arrays.asList(params))) { // null is SQL NULL (no model)
            ps.executeUpdate();
        } catch (SQLException e) {
            throw error("update: " + sql, e);
        }
    }

    private PreparedStatement prepare(String sql, List<?> params) throws SQLException {
        var ps = db.prepareStatement(sql);
        for (int i = 0; i < params.size(); i++) {
            var p = params.get(i);
            if (p instanceof Instant t) ps.setTimestamp(i + 1, Timestamp.from(t));
            else ps.setObject(i + 1, p);
        }
        return ps;
    }

    static Map<String, Object> rowMap(ResultSet rs) throws SQLException {
        var md = rs.getMetaData();
        var row = new LinkedHashMap<String, Object>();
        for (int i = 1; i <= md.getColumnCount(); i++) {
            var v = rs.getObject(i);
            if (v instanceof Timestamp ts) v = ts.toInstant().toString();
            else if (v instanceof java.time.LocalDateTime ldt) v = ldt.toInstant(java.time.ZoneOffset.UTC).toString();
            row.put(md.getColumnLabel(i), v);
        }
        return row;
    }

    static String json(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    static <T> T readJson(String text, Class<T> type) {
        try {
            return JSON.readValue(text, type);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("unreadable JSON in store: " + e.getOriginalMessage(), e);
        }
    }

    UncheckedIOException error(String what, SQLException e) {
        return new UncheckedIOException(new IOException("ARES store " + url + ": cannot " + what + ": " + e.getMessage(), e));
    }

    /** Streams full rows (every column, as stored) of the filtered rollouts, for exports. */
    public synchronized void forEachRow(Filter filter, Consumer<Map<String, Object>> action) {
        try (var ps = prepare("SELECT * FROM rollout WHERE " + filter.sql() + " ORDER BY dataset_name, path", filter.parameters());
             var rs = ps.executeQuery()) {
            while (rs.next()) action.accept(rowMap(rs));
        } catch (SQLException e) {
            throw error("read rollouts", e);
        }
    }

    /** The embedded DuckDB connection, for exports DuckDB writes itself (Parquet); empty on other databases. */
    public Optional<Connection> duckdb() { return dialect == Dialect.DUCKDB ? Optional.of(db) : Optional.empty(); }

    @Override
    public synchronized void close() {
        try {
            db.close();
        } catch (SQLException e) {
            throw error("close", e);
        }
    }
}
