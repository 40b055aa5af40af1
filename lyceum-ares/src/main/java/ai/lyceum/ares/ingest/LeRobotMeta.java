package ai.lyceum.ares.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The metadata of a LeRobot dataset, v3.0 ({@code meta/info.json}, {@code meta/tasks.parquet},
 * {@code meta/episodes/*}{@code /*.parquet}) or v2.1 ({@code meta/tasks.jsonl}, {@code meta/episodes.jsonl}).
 * Lenient: only {@code episode_index} is required of the episode table; optional columns are used when present.
 *
 * @param episodes episode index → (length, first task) as the metadata declares them
 */
record LeRobotMeta(JsonNode info, String version, double fps, Optional<String> robotType, Optional<String> actionFeature,
                   int actionDim, Optional<String> stateFeature, int stateDim, List<String> videoKeys,
                   List<String> imageKeys, Map<Long, String> tasks, Map<Long, Declared> episodes) {

    record Declared(long length, Optional<String> task) {}

    private static final ObjectMapper JSON = new ObjectMapper();

    static LeRobotMeta read(Path root, Connection duck) throws IOException, SQLException {
        var infoFile = root.resolve("meta/info.json");
        if (!Files.isRegularFile(infoFile)) throw new IOException(root + " is not a LeRobot dataset: no meta/info.json");
        var info = JSON.readTree(infoFile.toFile());
        var features = info.path("features");
        Optional<String> action = features.has("action") ? Optional.of("action") : Optional.empty();
        Optional<String> state = features.has("observation.state") ? Optional.of("observation.state") : Optional.empty();
        if (state.isEmpty()) {
            for (var it = features.fieldNames(); it.hasNext(); ) {
                var name = it.next();
                var dtype = features.path(name).path("dtype").asText();
                if (name.startsWith("observation.") && (dtype.equals("float32") || dtype.equals("float64"))) {
                    state = Optional.of(name);
                    break;
                }
            }
        }
        var videos = new ArrayList<String>();
        var images = new ArrayList<String>();
        features.fieldNames().forEachRemaining(name -> {
            var dtype = features.path(name).path("dtype").asText();
            if (dtype.equals("video")) videos.add(name);
            if (dtype.equals("image")) images.add(name);
        });
        var robot = info.path("robot_type").isTextual() ? Optional.of(info.path("robot_type").asText()) : Optional.<String>empty();
        var tasks = tasks(root, duck);
        var episodes = episodes(root, duck, tasks);
        return new LeRobotMeta(info, info.path("codebase_version").asText("unknown"), info.path("fps").asDouble(0),
                robot, action, action.map(a -> size(features.path(a))).orElse(0), state,
                state.map(s -> size(features.path(s))).orElse(0), videos, images, tasks, episodes);
    }

    private static int size(JsonNode feature) {
        int n = 1;
        for (var d : feature.path("shape")) n *= d.asInt(1);
        return n;
    }

    private static Map<Long, String> tasks(Path root, Connection duck) throws SQLException, IOException {
        var out = new HashMap<Long, String>();
        var parquet = root.resolve("meta/tasks.parquet");
        var jsonl = root.resolve("meta/tasks.jsonl");
        String source;
        if (Files.isRegularFile(parquet)) source = "read_parquet('" + sqlPath(parquet) + "')";
        else if (Files.isRegularFile(jsonl)) source = "read_json_auto('" + sqlPath(jsonl) + "')";
        else return out;
        var columns = columns(duck, source);
        // The official writer keeps the task string as the pandas index; others write a plain "task" column.
        var text = columns.containsKey("task") ? "task" : columns.entrySet().stream()
                .filter(e -> !e.getKey().equals("task_index") && e.getValue().startsWith("VARCHAR")).map(Map.Entry::getKey)
                .findFirst().orElseThrow(() -> new IOException(root + ": tasks table has no text column: " + columns.keySet()));
        try (var s = duck.createStatement(); var rs = s.executeQuery("SELECT task_index, \"" + text + "\" FROM " + source)) {
            while (rs.next()) out.put(rs.getLong(1), rs.getString(2));
        }
        return out;
    }

    private static Map<Long, Declared> episodes(Path root, Connection duck, Map<Long, String> tasks) throws SQLException, IOException {
        var out = new HashMap<Long, Declared>();
        String source;
        var dir = root.resolve("meta/episodes");
        var jsonl = root.resolve("meta/episodes.jsonl");
        if (Files.isDirectory(dir)) source = "read_parquet('" + sqlPath(dir) + "/**/*.parquet', union_by_name = true)";
        else if (Files.isRegularFile(jsonl)) source = "read_json_auto('" + sqlPath(jsonl) + "')";
        else return out;
        var columns = columns(duck, source);
        if (!columns.containsKey("episode_index")) throw new IOException(root + ": episode metadata has no episode_index column");
        var length = columns.containsKey("length") ? "length"
                : columns.containsKey("dataset_to_index") ? "dataset_to_index - dataset_from_index" : "NULL";
        var task = columns.containsKey("tasks") ? (columns.get("tasks").endsWith("[]") ? "tasks[1]" : "CAST(tasks AS VARCHAR)") : "NULL";
        try (var s = duck.createStatement();
             var rs = s.executeQuery("SELECT episode_index, " + length + ", " + task + " FROM " + source)) {
            while (rs.next()) {
                long len = rs.getLong(2);
                out.put(rs.getLong(1), new Declared(rs.wasNull() ? -1 : len, Optional.ofNullable(rs.getString(3))));
            }
        }
        return out;
    }

    /** Column name → DuckDB type of a table expression. */
    static Map<String, String> columns(Connection duck, String source) throws SQLException {
        var out = new java.util.LinkedHashMap<String, String>();
        try (var s = duck.createStatement(); var rs = s.executeQuery("DESCRIBE SELECT * FROM " + source)) {
            while (rs.next()) out.put(rs.getString(1), rs.getString(2));
        }
        return out;
    }

    static String sqlPath(Path p) { return p.toAbsolutePath().toString().replace("'", "''"); }

    Optional<String> split(long episode) {
        for (var it = info.path("splits").fields(); it.hasNext(); ) {
            var e = it.next();
            var range = e.getValue().asText().split(":");
            if (range.length == 2) {
                try {
                    if (episode >= Long.parseLong(range[0]) && episode < Long.parseLong(range[1])) return Optional.of(e.getKey());
                } catch (NumberFormatException ignored) {
                    // a split we cannot read is simply not assigned
                }
            }
        }
        return Optional.empty();
    }
}
