package ai.lyceum.ares.curate;

import ai.lyceum.ares.store.AresStore;
import ai.lyceum.ares.store.Filter;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Writes a selection of LeRobot episodes as a new LeRobot v3.0 dataset: the original frames, copied from the source
 * datasets by DuckDB with episodes, global indices and tasks renumbered. Video features are left out (the
 * episodes' MP4 segments are not re-cut), which {@code info.json} reflects. LLM rollouts have no LeRobot form and
 * are refused by name.
 */
final class LeRobotExport {
    record Written(List<String> ids, Set<String> datasets, long frames, List<Path> files) {}

    private static final ObjectMapper JSON = new ObjectMapper();

    private LeRobotExport() {}

    static Written write(AresStore store, Filter filter, Path out) throws IOException {
        synchronized (store) {
            var duck = store.duckdb().orElseThrow(() -> new IOException("LeRobot export needs the embedded DuckDB store"));
            try {
                Exporter.selection(duck, filter);
                try (var s = duck.createStatement(); var rs = s.executeQuery("SELECT count(*), min(r.path) FROM rollout r JOIN export_selection USING (id)"
                        + " WHERE r.source <> 'lerobot' OR r.episode_index IS NULL")) {
                    rs.next();
                    if (rs.getLong(1) > 0) throw new IOException(rs.getLong(1) + " selected episodes (e.g. " + rs.getString(2)
                            + ") are not LeRobot episodes; narrow the filter with source = 'lerobot'");
                }
                try (var s = duck.createStatement()) {
                    s.execute("DROP TABLE IF EXISTS export_tasks");
                    s.execute("CREATE TEMP TABLE export_tasks AS SELECT task, CAST(row_number() OVER (ORDER BY task) - 1 AS BIGINT) AS task_index"
                            + " FROM (SELECT DISTINCT coalesce(r.task_language_instruction, '') AS task FROM rollout r JOIN export_selection USING (id))");
                    s.execute("DROP TABLE IF EXISTS export_map");
                    s.execute("CREATE TEMP TABLE export_map AS SELECT r.id, r.dataset_name, r.episode_index AS src_episode,"
                            + " CAST(row_number() OVER (ORDER BY r.dataset_name, r.episode_index) - 1 AS BIGINT) AS new_episode, r.length,"
                            + " t.task_index AS new_task, t.task FROM rollout r JOIN export_selection USING (id)"
                            + " JOIN export_tasks t ON coalesce(r.task_language_instruction, '') = t.task");
                    s.execute("DROP TABLE IF EXISTS export_map2");
                    s.execute("CREATE TEMP TABLE export_map2 AS SELECT *, CAST(coalesce(sum(length) OVER (ORDER BY new_episode"
                            + " ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING), 0) AS BIGINT) AS new_from FROM export_map");
                }
                var ids = new ArrayList<String>();
                var datasets = new LinkedHashSet<String>();
                try (var s = duck.createStatement(); var rs = s.executeQuery("SELECT id, dataset_name FROM export_map2 ORDER BY new_episode")) {
                    while (rs.next()) {
                        ids.add(rs.getString(1));
                        datasets.add(rs.getString(2));
                    }
                }
                if (ids.isEmpty()) throw new IOException("the filter selects no episodes");
                ObjectNode info = null;
                var parts = new ArrayList<String>();
                for (var name : datasets) {
                    var rec = store.dataset(name).orElseThrow(() -> new IOException("no source recorded for dataset " + name));
                    var sourceInfo = (ObjectNode) JSON.readTree(rec.infoJson());
                    if (info == null) info = sourceInfo;
                    else if (!info.path("features").equals(sourceInfo.path("features"))) {
                        throw new IOException("datasets " + datasets + " have different features; export them separately");
                    }
                    var root = Path.of(rec.root()).toAbsolutePath().toString().replace("'", "''");
                    var n = name.replace("'", "''");
                    parts.add("SELECT d.* EXCLUDE (episode_index, index, task_index), m.new_episode AS episode_index,"
                            + " m.new_from + d.frame_index AS index, m.new_task AS task_index FROM read_parquet('" + root
                            + "/data/**/*.parquet', union_by_name = true) d JOIN export_map2 m ON d.episode_index = m.src_episode"
                            + " AND m.dataset_name = '" + n + "'");
                }
                var data = out.resolve("data/chunk-000/file-000.parquet");
                Files.createDirectories(data.getParent());
                Files.createDirectories(out.resolve("meta/episodes/chunk-000"));
                long frames;
                try (var s = duck.createStatement()) {
                    s.execute("COPY (SELECT * FROM (" + String.join(" UNION ALL BY NAME ", parts) + ") ORDER BY index) TO '"
                            + sql(data) + "' (FORMAT parquet)");
                    s.execute("COPY (SELECT task, task_index FROM export_tasks ORDER BY task_index) TO '" + sql(out.resolve("meta/tasks.parquet"))
                            + "' (FORMAT parquet)");
                    s.execute("COPY (SELECT new_episode AS episode_index, length, [task] AS tasks, 0 AS \"data/chunk_index\","
                            + " 0 AS \"data/file_index\", new_from AS dataset_from_index, new_from + length AS dataset_to_index,"
                            + " 0 AS \"meta/episodes/chunk_index\", 0 AS \"meta/episodes/file_index\" FROM export_map2 ORDER BY new_episode) TO '"
                            + sql(out.resolve("meta/episodes/chunk-000/file-000.parquet")) + "' (FORMAT parquet)");
                    try (var rs = s.executeQuery("SELECT count(*) FROM read_parquet('" + sql(data) + "')")) {
                        rs.next();
                        frames = rs.getLong(1);
                    }
                    s.execute("DROP TABLE export_map2");
                    s.execute("DROP TABLE export_map");
                }
                var features = (ObjectNode) info.path("features");
                var videos = new ArrayList<String>();
                features.fieldNames().forEachRemaining(f -> {
                    if (features.path(f).path("dtype").asText().equals("video")) videos.add(f);
                });
                features.remove(videos);
                info.put("codebase_version", "v3.0");
                info.put("total_episodes", ids.size());
                info.put("total_frames", frames);
                info.put("total_tasks", count(duck, "export_tasks"));
                info.putObject("splits").put("train", "0:" + ids.size());
                info.put("data_path", "data/chunk-{chunk_index:03d}/file-{file_index:03d}.parquet");
                info.putNull("video_path");
                JSON.writerWithDefaultPrettyPrinter().writeValue(out.resolve("meta/info.json").toFile(), info);
                Files.writeString(out.resolve("meta/stats.json"), "{}\n");
                return new Written(ids, datasets, frames, List.of(data, out.resolve("meta/info.json")));
            } catch (SQLException e) {
                throw new IOException("cannot export LeRobot dataset to " + out + ": " + e.getMessage(), e);
            }
        }
    }

    private static long count(java.sql.Connection duck, String table) throws SQLException {
        try (var s = duck.createStatement(); var rs = s.executeQuery("SELECT count(*) FROM " + table)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    static String sql(Path p) { return p.toAbsolutePath().toString().replace("'", "''"); }

}
