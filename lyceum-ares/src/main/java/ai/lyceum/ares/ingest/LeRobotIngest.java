package ai.lyceum.ares.ingest;

import ai.lyceum.ares.model.Environment;
import ai.lyceum.ares.model.NumericTrajectory;
import ai.lyceum.ares.model.Robot;
import ai.lyceum.ares.model.Rollout;
import ai.lyceum.ares.model.TaskSpec;
import ai.lyceum.ares.model.TrajectoryStats;
import ai.lyceum.ares.store.AresStore;
import ai.lyceum.ares.store.RolloutWriter;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * Streams a LeRobot dataset into the store. Data files are read one at a time through an in-memory DuckDB with
 * streamed results, and rows are grouped into episodes by their own {@code episode_index}, never by the metadata's
 * file pointers (some public datasets get those wrong): memory holds one episode, one DuckDB chunk and the small
 * per-episode metadata. Episodes already stored are skipped; an episode that fails is reported and the rest go on.
 */
public final class LeRobotIngest {
    private LeRobotIngest() {}

    public static IngestReport ingest(Path root, AresStore store, Optional<String> name) throws IOException {
        long cpu0 = cpuNanos(), wall0 = System.nanoTime();
        var dataset = name.orElse(root.toAbsolutePath().normalize().getFileName().toString());
        var props = new Properties();
        props.setProperty("jdbc_stream_results", "true");
        try (Connection duck = DriverManager.getConnection("jdbc:duckdb:", props)) {
            try (var s = duck.createStatement()) {
                s.execute("SET threads = 2");
                s.execute("SET memory_limit = '1GB'");
            }
            var meta = LeRobotMeta.read(root, duck);
            var existing = store.paths(dataset);
            var run = new Run(dataset, meta, existing, store.writer(), new EpisodeAssembler());
            List<Path> files;
            try (Stream<Path> walk = Files.walk(root.resolve("data"))) {
                files = walk.filter(p -> p.toString().endsWith(".parquet")).sorted().toList();
            }
            try {
                for (var file : files) run.file(duck, file);
                for (var e : meta.episodes().keySet()) {
                    if (!run.seen.contains(e) && !existing.contains(path(e))) run.error(e, "declared in meta/episodes but has no frames in data/");
                }
            } finally {
                run.writer.close();
            }
            var tables = new ai.lyceum.ares.store.EmbeddingTables(store);
            StatisticsMerge.merge(tables, run.assembler);
            store.putDataset(dataset, "lerobot", root.toAbsolutePath().toString(), meta.info().toString());
            long tasks = meta.tasks().isEmpty() ? meta.info().path("total_tasks").asLong(0) : meta.tasks().size();
            return new IngestReport(dataset, run.written, run.skipped, run.frames, tasks, run.errors,
                    (System.nanoTime() - wall0) / 1e9, (cpuNanos() - cpu0) / 1e9);
        } catch (SQLException e) {
            throw new IOException("cannot read LeRobot dataset " + root + ": " + e.getMessage(), e);
        }
    }

    static String path(long episode) { return String.format("episode_%06d", episode); }

    /** Process CPU time (all threads, DuckDB's included): the machine is shared, so wall time alone misleads. */
    static long cpuNanos() {
        var os = ManagementFactory.getOperatingSystemMXBean();
        return os instanceof com.sun.management.OperatingSystemMXBean sun ? sun.getProcessCpuTime() : 0;
    }

    /** The mutable state of one ingestion. */
    private static final class Run {
        final String dataset;
        final LeRobotMeta meta;
        final Set<String> existing;
        final RolloutWriter writer;
        final EpisodeAssembler assembler;
        final Set<Long> seen = new HashSet<>();
        final List<IngestReport.EpisodeError> errors = new ArrayList<>();
        final String group;
        long written, skipped, frames;
        // the episode being accumulated
        long current = -1;
        boolean skipping;
        int length;
        long taskIndex = -1;
        FloatBuffer actions = new FloatBuffer(), states = new FloatBuffer(), rewards = new FloatBuffer();
        Boolean lastSuccess, lastDone;

        Run(String dataset, LeRobotMeta meta, Set<String> existing, RolloutWriter writer, EpisodeAssembler assembler) {
            this.dataset = dataset;
            this.meta = meta;
            this.existing = existing;
            this.writer = writer;
            this.assembler = assembler;
            this.group = dataset + "/" + meta.robotType().orElse("unknown");
        }

        void error(long episode, String message) { errors.add(new IngestReport.EpisodeError(path(episode), message)); }

        void file(Connection duck, Path file) throws SQLException {
            var source = "read_parquet('" + LeRobotMeta.sqlPath(file) + "')";
            var cols = LeRobotMeta.columns(duck, source);
            if (!cols.containsKey("episode_index")) {
                errors.add(new IngestReport.EpisodeError(file.getFileName().toString(), "no episode_index column; file skipped"));
                return;
            }
            var select = new StringBuilder("SELECT episode_index, ");
            select.append(cols.containsKey("task_index") ? "task_index" : "-1");
            select.append(", ").append(flag(cols, "next.reward", "CAST(\"next.reward\" AS FLOAT)"));
            select.append(", ").append(flag(cols, "next.success", "CAST(\"next.success\" AS BOOLEAN)"));
            select.append(", ").append(flag(cols, "next.done", "CAST(\"next.done\" AS BOOLEAN)"));
            int a = elements(select, cols, meta.actionFeature(), meta.actionDim());
            int s = elements(select, cols, meta.stateFeature(), meta.stateDim());
            select.append(" FROM ").append(source);
            try (var st = duck.createStatement(); ResultSet rs = st.executeQuery(select.toString())) {
                while (rs.next()) row(rs, a, s);
            }
            finish();
        }

        private static String flag(java.util.Map<String, String> cols, String name, String expr) {
            return cols.containsKey(name) ? expr : "NULL";
        }

        /** Appends one column per element of a vector feature (lists are 1-based in DuckDB); returns the count. */
        private static int elements(StringBuilder select, java.util.Map<String, String> cols, Optional<String> feature, int dim) {
            if (feature.isEmpty() || !cols.containsKey(feature.get())) return 0;
            var quoted = "\"" + feature.get() + "\"";
            var type = cols.get(feature.get());
            boolean list = type.endsWith("]");
            for (int i = 1; i <= (list ? dim : 1); i++) {
                select.append(", CAST(").append(list ? quoted + "[" + i + "]" : quoted).append(" AS FLOAT)");
            }
            return list ? dim : 1;
        }

        private void row(ResultSet rs, int a, int s) throws SQLException {
            long episode = rs.getLong(1);
            if (episode != current) {
                finish();
                start(episode, rs.getLong(2));
            }
            if (skipping) return;
            length++;
            float reward = rs.getFloat(3);
            if (!rs.wasNull()) rewards.add(reward);
            boolean success = rs.getBoolean(4);
            lastSuccess = rs.wasNull() ? null : success;
            boolean done = rs.getBoolean(5);
            lastDone = rs.wasNull() ? null : done;
            for (int i = 0; i < a; i++) actions.add(value(rs, 6 + i));
            for (int i = 0; i < s; i++) states.add(value(rs, 6 + a + i));
        }

        private static float value(ResultSet rs, int column) throws SQLException {
            float v = rs.getFloat(column);
            return rs.wasNull() ? Float.NaN : v;
        }

        private void start(long episode, long task) {
            current = episode;
            taskIndex = task;
            length = 0;
            actions.clear();
            states.clear();
            rewards.clear();
            lastSuccess = null;
            lastDone = null;
            if (!seen.add(episode)) {
                error(episode, "rows are not contiguous in data/; the later part was skipped");
                skipping = true;
            } else {
                skipping = existing.contains(path(episode));
                if (skipping) skipped++;
            }
        }

        private void finish() {
            if (current < 0 || skipping) {
                current = -1;
                return;
            }
            long episode = current;
            current = -1;
            try {
                int aDim = actions.size() / Math.max(1, length), sDim = states.size() / Math.max(1, length);
                var t = new NumericTrajectory(length, aDim, actions.toArray(), sDim, states.toArray(),
                        rewards.size() == length && length > 0 ? Optional.of(rewards.toArray()) : Optional.empty(),
                        Optional.ofNullable(lastSuccess), Optional.ofNullable(lastDone), Math.max(0, meta.fps()));
                var declared = meta.episodes().get(episode);
                if (declared != null && declared.length() >= 0 && declared.length() != length) {
                    error(episode, "has " + length + " frames in data/ but meta/episodes declares " + declared.length()
                            + "; ingested the " + length + " frames found");
                }
                var task = Optional.ofNullable(meta.tasks().get(taskIndex))
                        .or(() -> declared == null ? Optional.empty() : declared.task());
                var now = Instant.now();
                var rollout = new Rollout(UUID.randomUUID(), Optional.empty(), now, path(episode), path(episode), dataset,
                        dataset, dataset, Optional.empty(), "lerobot", Optional.of(episode), Optional.empty(), length,
                        meta.split(episode), Robot.of(meta.robotType()), Environment.empty(), TaskSpec.of(task, Optional.empty()),
                        EpisodeAssembler.trajectory(t), TrajectoryStats.empty());
                assembler.write(writer, rollout, t, group);
                written++;
                frames += length;
            } catch (RuntimeException e) {
                error(episode, e.getClass().getSimpleName() + ": " + e.getMessage());
            }
        }
    }

    /** A growable float array, reused across episodes so that steady-state ingestion allocates little. */
    static final class FloatBuffer {
        private float[] data = new float[1024];
        private int size;

        void add(float v) {
            if (size == data.length) data = java.util.Arrays.copyOf(data, size * 2);
            data[size++] = v;
        }

        int size() { return size; }

        void clear() { size = 0; }

        float[] toArray() { return java.util.Arrays.copyOf(data, size); }
    }
}
