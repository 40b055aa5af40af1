package ai.lyceum.ares.curate;

import ai.lyceum.ares.store.AresStore;
import ai.lyceum.ares.store.Filter;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/**
 * Exports a filtered selection as JSONL, Parquet or a LeRobot v3.0 dataset. Every export writes
 * {@code manifest.json} beside the data: the filter, the ids and the source datasets, so the selection can be
 * traced and redone.
 */
public final class Exporter {
    public enum Format { JSONL, PARQUET, LEROBOT }

    /** What an export wrote. */
    public record Result(Format format, Path out, long episodes, long frames, List<Path> files) {}

    private static final ObjectMapper JSON = new ObjectMapper();

    private Exporter() {}

    public static Result export(AresStore store, Filter filter, Format format, Path out) throws IOException {
        Files.createDirectories(out);
        var ids = new ArrayList<String>();
        var datasets = new LinkedHashSet<String>();
        long[] frames = {0};
        var files = new ArrayList<Path>();
        switch (format) {
            case JSONL -> {
                var file = out.resolve("rollouts.jsonl");
                try (var w = Files.newBufferedWriter(file)) {
                    store.forEachRow(filter, row -> {
                        ids.add(row.get("id").toString());
                        datasets.add(String.valueOf(row.get("dataset_name")));
                        frames[0] += row.get("length") == null ? 0 : ((Number) row.get("length")).longValue();
                        try {
                            w.write(JSON.writeValueAsString(row));
                            w.write('\n');
                        } catch (IOException e) {
                            throw new java.io.UncheckedIOException(e);
                        }
                    });
                }
                files.add(file);
            }
            case PARQUET -> {
                var file = out.resolve("rollouts.parquet");
                var duck = store.duckdb().orElseThrow(() -> new IOException("Parquet export needs the embedded DuckDB store"));
                try {
                    selection(duck, filter);
                    try (var s = duck.createStatement()) {
                        s.execute("COPY (SELECT r.* FROM rollout r JOIN export_selection USING (id) ORDER BY r.dataset_name, r.path) TO '"
                                + file.toAbsolutePath().toString().replace("'", "''") + "' (FORMAT parquet)");
                    }
                    try (var s = duck.createStatement(); var rs = s.executeQuery("SELECT r.id, r.dataset_name, r.length FROM rollout r"
                            + " JOIN export_selection USING (id) ORDER BY r.dataset_name, r.path")) {
                        while (rs.next()) {
                            ids.add(rs.getString(1));
                            datasets.add(rs.getString(2));
                            frames[0] += rs.getLong(3);
                        }
                    }
                } catch (SQLException e) {
                    throw new IOException("cannot export Parquet to " + file + ": " + e.getMessage(), e);
                }
                files.add(file);
            }
            case LEROBOT -> {
                var r = LeRobotExport.write(store, filter, out);
                ids.addAll(r.ids());
                datasets.addAll(r.datasets());
                frames[0] = r.frames();
                files.addAll(r.files());
            }
        }
        var manifest = new LinkedHashMap<String, Object>();
        manifest.put("format", format.name().toLowerCase());
        manifest.put("filter", filter.expression());
        manifest.put("created_at", Instant.now().toString());
        manifest.put("episodes", ids.size());
        manifest.put("frames", frames[0]);
        var sources = new LinkedHashMap<String, Object>();
        for (var d : datasets) {
            store.dataset(d).ifPresent(rec -> sources.put(d, Map.of("format", rec.format(), "root", rec.root(),
                    "codebase_version", readVersion(rec.infoJson()))));
        }
        manifest.put("datasets", sources);
        manifest.put("ids", ids);
        JSON.writerWithDefaultPrettyPrinter().writeValue(out.resolve("manifest.json").toFile(), manifest);
        return new Result(format, out, ids.size(), frames[0], files);
    }

    static void selection(java.sql.Connection duck, Filter filter) throws SQLException {
        try (var s = duck.createStatement()) {
            s.execute("DROP TABLE IF EXISTS export_selection");
        }
        try (var ps = duck.prepareStatement("CREATE TEMP TABLE export_selection AS SELECT id FROM rollout WHERE " + filter.sql())) {
            for (int i = 0; i < filter.parameters().size(); i++) ps.setObject(i + 1, filter.parameters().get(i));
            ps.execute();
        }
    }

    private static String readVersion(String infoJson) {
        try {
            return infoJson == null ? "unknown" : JSON.readTree(infoJson).path("codebase_version").asText("unknown");
        } catch (IOException e) {
            return "unreadable";
        }
    }
}
