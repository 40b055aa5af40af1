package ai.lyceum.ares.synth;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import javax.imageio.ImageIO;

/**
 * Writes a valid LeRobot v3.0 dataset of any size, for tests and benchmarks: Parquet written by DuckDB, so the
 * data never passes through Java memory. Trajectories are smooth sinusoids whose phase and frequency depend on
 * {@code episode % 1000}, so episodes {@code e} and {@code e + 1000} are exact duplicates (near-duplicate search has
 * a known answer). Two in three episodes succeed ({@code next.success} and reward 1 on the last frame).
 *
 * @param episodes        how many episodes
 * @param tasks           how many distinct task strings
 * @param framesPerFile   roughly how many frames go into one data file (LeRobot splits at ~100 MB)
 * @param withImages      also write an {@code observation.image} feature (one small PNG per frame, a colour per episode)
 */
public record SyntheticLeRobot(long episodes, int tasks, long framesPerFile, boolean withImages) {
    public static final int STATE_DIM = 6;
    public static final int ACTION_DIM = 7;
    public static final double FPS = 10;
    private static final ObjectMapper JSON = new ObjectMapper();

    public SyntheticLeRobot {
        if (episodes < 1) throw new IllegalArgumentException("episodes must be >= 1, was " + episodes);
        if (tasks < 1) throw new IllegalArgumentException("tasks must be >= 1, was " + tasks);
        if (framesPerFile < 1) throw new IllegalArgumentException("framesPerFile must be >= 1, was " + framesPerFile);
    }

    public static SyntheticLeRobot of(long episodes) { return new SyntheticLeRobot(episodes, 20, 2_000_000, false); }

    /** The length of an episode: 30 to 70 frames, the same for duplicates. */
    public static long length(long episode) { return 30 + ((episode % 1000) * 7919) % 41; }

    public static String task(long index) {
        String[] verbs = {"pick up", "push", "place", "open", "close"};
        String[] objects = {"the red cube", "the blue bowl", "the drawer", "the green cup", "the sponge"};
        return verbs[(int) (index % verbs.length)] + " " + objects[(int) ((index / verbs.length) % objects.length)]
                + (index >= 25 ? " (variant " + index / 25 + ")" : "");
    }

    /** Writes the dataset under {@code root}; returns the total number of frames. */
    public long write(Path root) throws IOException {
        Files.createDirectories(root.resolve("meta/episodes/chunk-000"));
        try (Connection duck = DriverManager.getConnection("jdbc:duckdb:")) {
            try (var s = duck.createStatement()) {
                s.execute("SET threads = 2");
                s.execute("SET preserve_insertion_order = true");
                s.execute("CREATE TABLE eps AS SELECT i AS episode_index, 30 + ((i % 1000) * 7919) % 41 AS length,"
                        + " i % " + tasks + " AS task_index FROM range(" + episodes + ") t(i)");
                s.execute("CREATE TABLE ep AS SELECT *, sum(length) OVER (ORDER BY episode_index) - length AS from_index,"
                        + " CAST(floor((sum(length) OVER (ORDER BY episode_index) - length) / " + framesPerFile + ") AS BIGINT) AS file_no FROM eps");
                s.execute("CREATE TABLE task_names (task_index BIGINT, task VARCHAR)");
            }
            try (var ps = duck.prepareStatement("INSERT INTO task_names VALUES (?, ?)")) {
                for (int i = 0; i < tasks; i++) {
                    ps.setLong(1, i);
                    ps.setString(2, task(i));
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            long files;
            long frames;
            try (var s = duck.createStatement(); var rs = s.executeQuery("SELECT max(file_no) + 1, sum(length) FROM ep")) {
                rs.next();
                files = rs.getLong(1);
                frames = rs.getLong(2);
            }
            if (withImages) images(duck);
            for (long f = 0; f < files; f++) dataFile(duck, root, f);
            try (var s = duck.createStatement()) {
                s.execute("COPY (SELECT task, task_index FROM task_names ORDER BY task_index) TO '" + sql(root.resolve("meta/tasks.parquet")) + "' (FORMAT parquet)");
                s.execute("COPY (SELECT e.episode_index, e.length, [t.task] AS tasks, CAST(e.file_no // 1000 AS BIGINT) AS \"data/chunk_index\","
                        + " CAST(e.file_no % 1000 AS BIGINT) AS \"data/file_index\", e.from_index AS dataset_from_index,"
                        + " e.from_index + e.length AS dataset_to_index, 0 AS \"meta/episodes/chunk_index\", 0 AS \"meta/episodes/file_index\""
                        + " FROM ep e JOIN task_names t USING (task_index) ORDER BY e.episode_index) TO '"
                        + sql(root.resolve("meta/episodes/chunk-000/file-000.parquet")) + "' (FORMAT parquet)");
            }
            writeInfo(root, frames, files);
            return frames;
        } catch (SQLException e) {
            throw new IOException("cannot write synthetic dataset to " + root + ": " + e.getMessage(), e);
        }
    }

    private void dataFile(Connection duck, Path root, long file) throws SQLException, IOException {
        var path = root.resolve(String.format("data/chunk-%03d/file-%03d.parquet", file / 1000, file % 1000));
        Files.createDirectories(path.getParent());
        var phase = "((e.episode_index % 1000) * 0.37)";
        var freq = "(0.05 + ((e.episode_index % 1000) % 7) * 0.01)";
        var t = "f.frame_index";
        var image = withImages ? ", {'bytes': (SELECT png FROM img WHERE img.k = e.episode_index % 8), 'path': NULL} AS \"observation.image\"" : "";
        var query = "SELECT CAST(list_transform(range(" + STATE_DIM + "), j -> sin(" + t + " * " + freq + " + " + phase + " + j)) AS FLOAT[" + STATE_DIM + "]) AS \"observation.state\","
                + " CAST(list_transform(range(" + ACTION_DIM + "), j -> CASE WHEN j = " + (ACTION_DIM - 1) + " THEN (CASE WHEN sin(" + t + " * 0.15 + " + phase + ") > 0 THEN 1.0 ELSE 0.0 END)"
                + " ELSE 0.5 * cos(" + t + " * " + freq + " + " + phase + " + j) END) AS FLOAT[" + ACTION_DIM + "]) AS action,"
                + " CAST(" + t + " / " + FPS + " AS FLOAT) AS timestamp, " + t + " AS frame_index, e.episode_index,"
                + " e.from_index + " + t + " AS index, e.task_index,"
                + " CAST(CASE WHEN " + t + " = e.length - 1 AND e.episode_index % 3 <> 0 THEN 1 ELSE 0 END AS FLOAT) AS \"next.reward\","
                + " (" + t + " = e.length - 1 AND e.episode_index % 3 <> 0) AS \"next.success\", (" + t + " = e.length - 1) AS \"next.done\"" + image
                + " FROM ep e, LATERAL (SELECT unnest(range(e.length)) AS frame_index) f WHERE e.file_no = " + file
                + " ORDER BY e.episode_index, " + t;
        try (var s = duck.createStatement()) {
            s.execute("COPY (" + query + ") TO '" + sql(path) + "' (FORMAT parquet, ROW_GROUP_SIZE 100000)");
        }
    }

    private static void images(Connection duck) throws SQLException, IOException {
        try (var s = duck.createStatement()) {
            s.execute("CREATE TABLE img (k BIGINT, png BLOB)");
        }
        try (var ps = duck.prepareStatement("INSERT INTO img VALUES (?, ?)")) {
            for (int k = 0; k < 8; k++) {
                var img = new BufferedImage(32, 32, BufferedImage.TYPE_INT_RGB);
                var g = img.createGraphics();
                g.setColor(Color.getHSBColor(k / 8f, 0.8f, 0.9f));
                g.fillRect(0, 0, 32, 32);
                g.dispose();
                var out = new ByteArrayOutputStream();
                ImageIO.write(img, "png", out);
                ps.setLong(1, k);
                ps.setBytes(2, out.toByteArray());
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    private void writeInfo(Path root, long frames, long files) throws IOException {
        var info = JSON.createObjectNode();
        info.put("codebase_version", "v3.0");
        info.put("robot_type", "synthetic_arm");
        info.put("total_episodes", episodes);
        info.put("total_frames", frames);
        info.put("total_tasks", tasks);
        info.put("chunks_size", 1000);
        info.put("data_files_size_in_mb", 100);
        info.put("video_files_size_in_mb", 200);
        info.put("fps", FPS);
        info.putObject("splits").put("train", "0:" + episodes);
        info.put("data_path", "data/chunk-{chunk_index:03d}/file-{file_index:03d}.parquet");
        info.putNull("video_path");
        var features = info.putObject("features");
        vector(features.putObject("observation.state"), STATE_DIM, "state");
        vector(features.putObject("action"), ACTION_DIM, "motor");
        if (withImages) {
            var img = features.putObject("observation.image");
            img.put("dtype", "image");
            img.putArray("shape").add(32).add(32).add(3);
            img.putArray("names").add("height").add("width").add("channel");
        }
        scalar(features.putObject("timestamp"), "float32");
        for (var name : new String[] {"frame_index", "episode_index", "index", "task_index"}) scalar(features.putObject(name), "int64");
        scalar(features.putObject("next.reward"), "float32");
        scalar(features.putObject("next.success"), "bool");
        scalar(features.putObject("next.done"), "bool");
        JSON.writerWithDefaultPrettyPrinter().writeValue(root.resolve("meta/info.json").toFile(), info);
        Files.writeString(root.resolve("meta/stats.json"), "{}\n");
    }

    private static void vector(com.fasterxml.jackson.databind.node.ObjectNode f, int dim, String prefix) {
        f.put("dtype", "float32");
        f.putArray("shape").add(dim);
        var names = f.putArray("names");
        for (int i = 0; i < dim; i++) names.add(prefix + "_" + i);
    }

    private static void scalar(com.fasterxml.jackson.databind.node.ObjectNode f, String dtype) {
        f.put("dtype", dtype);
        f.putArray("shape").add(1);
        f.putNull("names");
    }

    private static String sql(Path p) { return p.toAbsolutePath().toString().replace("'", "''"); }
}
