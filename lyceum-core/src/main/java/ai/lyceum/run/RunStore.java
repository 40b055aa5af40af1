package ai.lyceum.run;

import ai.lyceum.rollout.Rollout;
import ai.lyceum.rollout.RolloutKey;
import ai.lyceum.rollout.RolloutLog;
import com.fasterxml.jackson.core.JsonProcessingException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The only writer of a run's state: an SQLite database {@code DIR/run.db} (WAL, schema version in
 * {@code PRAGMA user_version}).
 *
 * <p>Concurrency: any thread may {@link #append} a finished rollout; it is serialised to a row on the caller's
 * thread and handed to one writer thread through a bounded queue (a full queue blocks the caller, so memory stays
 * bounded). The writer commits whatever has queued up as one transaction, so under load rows are batched and when
 * idle each is committed at once. A committed row survives {@code kill -9}; a row still queued at that moment is
 * simply not finished, and {@code --resume} redoes it. All JDBC calls hold {@code db}'s monitor, because an SQLite
 * connection must not be used by two threads at once.
 */
public final class RunStore implements RolloutLog, AutoCloseable {
    public static final String FILE_NAME = "run.db";
    /**
     * 1: meta, rollouts, counters. 2: adds train_steps and guidance for training runs. 3: rollouts gain a scope, so
     * a training run's steps and held-out evaluations sit in the same table as an evaluation's rollouts.
     */
    static final int SCHEMA_VERSION = 3;
    /** The scope of an evaluation's rollouts, and of rows written before scopes existed. */
    public static final String EVAL_SCOPE = "";

    private sealed interface Op {}
    private record Write(String scope, RolloutRecord row) implements Op {}
    private record Barrier(CountDownLatch reached) implements Op {}
    private record Stop() implements Op {}

    private final Path dir;
    private final Connection db;
    private final BlockingQueue<Op> queue = new ArrayBlockingQueue<>(4096);
    private final Thread writer;
    private volatile RuntimeException writerFailure;
    private volatile boolean closed;

    private RunStore(Path dir, Connection db) {
        this.dir = dir;
        this.db = db;
        this.writer = Thread.ofPlatform().name("run-store-writer").daemon(true).start(this::drain);
    }

    /** Opens (creating if needed) the run store in {@code dir}. */
    public static RunStore open(Path dir) throws IOException {
        Files.createDirectories(dir);
        try {
            var db = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve(FILE_NAME));
            try (var s = db.createStatement()) {
                s.execute("PRAGMA journal_mode=WAL");
                s.execute("PRAGMA synchronous=NORMAL"); // WAL + NORMAL: committed rows survive a process kill
                s.execute("PRAGMA busy_timeout=5000");
                int version;
                try (var rs = s.executeQuery("PRAGMA user_version")) {
                    version = rs.getInt(1);
                }
                if (version > SCHEMA_VERSION) {
                    db.close();
                    throw new IOException(dir.resolve(FILE_NAME) + " has schema version " + version
                            + ", newer than this Lyceum understands (" + SCHEMA_VERSION + "); upgrade Lyceum");
                }
                if (version < 1) {
                    s.execute("CREATE TABLE IF NOT EXISTS meta(key TEXT PRIMARY KEY, value TEXT NOT NULL)");
                    s.execute("""
                            CREATE TABLE IF NOT EXISTS rollouts(
                              task_id TEXT NOT NULL, sample INTEGER NOT NULL,
                              reward REAL, failure_type TEXT, failure_detail TEXT,
                              rewards TEXT NOT NULL, trajectory TEXT NOT NULL,
                              duration_ms REAL NOT NULL, finished_at TEXT NOT NULL,
                              PRIMARY KEY (task_id, sample))""");
                    s.execute("CREATE TABLE IF NOT EXISTS counters(name TEXT PRIMARY KEY, count INTEGER NOT NULL)");
                }
                if (version < 2) {
                    s.execute("""
                            CREATE TABLE IF NOT EXISTS train_steps(
                              run TEXT NOT NULL, step INTEGER NOT NULL, metrics TEXT NOT NULL,
                              PRIMARY KEY (run, step))""");
                    s.execute("""
                            CREATE TABLE IF NOT EXISTS guidance(
                              run TEXT NOT NULL, step INTEGER NOT NULL, task_id TEXT NOT NULL, teacher TEXT NOT NULL,
                              text TEXT NOT NULL, hinted_accuracy REAL NOT NULL, trained INTEGER NOT NULL)""");
                }
                if (version < 3) {
                    s.execute("""
                            CREATE TABLE rollouts_v3(
                              scope TEXT NOT NULL DEFAULT '', task_id TEXT NOT NULL, sample INTEGER NOT NULL,
                              reward REAL, failure_type TEXT, failure_detail TEXT,
                              rewards TEXT NOT NULL, trajectory TEXT NOT NULL,
                              duration_ms REAL NOT NULL, finished_at TEXT NOT NULL,
                              PRIMARY KEY (scope, task_id, sample))""");
                    s.execute("INSERT INTO rollouts_v3(task_id, sample, reward, failure_type, failure_detail, rewards,"
                            + " trajectory, duration_ms, finished_at) SELECT task_id, sample, reward, failure_type,"
                            + " failure_detail, rewards, trajectory, duration_ms, finished_at FROM rollouts ORDER BY rowid");
                    s.execute("DROP TABLE rollouts");
                    s.execute("ALTER TABLE rollouts_v3 RENAME TO rollouts");
                    s.execute("PRAGMA user_version=" + SCHEMA_VERSION);
                }
            }
            db.setAutoCommit(false);
            return new RunStore(dir, db);
        } catch (SQLException e) {
            throw new IOException("cannot open run store in " + dir + ": " + e.getMessage(), e);
        }
    }

    public Path dir() { return dir; }

    public Optional<RunManifest> manifest() {
        return meta("manifest").map(json -> {
            try {
                return RolloutJson.JSON.readValue(json, RunManifest.class);
            } catch (JsonProcessingException e) {
                throw new IllegalStateException(dir + ": unreadable run manifest: " + e.getOriginalMessage(), e);
            }
        });
    }

    public void saveManifest(RunManifest manifest) {
        try {
            putMeta("manifest", RolloutJson.JSON.writeValueAsString(manifest));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The evaluation's rollouts already recorded; with {@code includeFailed} false, only those that were scored. */
    @Override
    public Set<RolloutKey> finished(boolean includeFailed) { return finished(EVAL_SCOPE, includeFailed); }

    private Set<RolloutKey> finished(String scope, boolean includeFailed) {
        var sql = "SELECT task_id, sample FROM rollouts WHERE scope = ?" + (includeFailed ? "" : " AND failure_type IS NULL");
        synchronized (db) {
            try (var s = db.prepareStatement(sql)) {
                s.setString(1, scope);
                var keys = new HashSet<RolloutKey>();
                try (var rs = s.executeQuery()) {
                    while (rs.next()) keys.add(new RolloutKey(rs.getString(1), rs.getInt(2)));
                }
                return keys;
            } catch (SQLException e) {
                throw storeError("read finished rollouts", e);
            }
        }
    }

    /** Records a finished rollout of the evaluation. Blocks while the writer is behind; never drops a rollout. */
    @Override
    public void append(Rollout rollout) throws InterruptedException { append(EVAL_SCOPE, rollout); }

    /**
     * The rollouts of one named part of a run, in the same table as an evaluation's: a training step's groups
     * ({@code grpo-seed1/step-000012}, say) or a held-out evaluation during training.
     */
    public RolloutLog scope(String name) {
        if (name.isEmpty()) return this;
        return new RolloutLog() {
            @Override
            public Set<RolloutKey> finished(boolean includeFailed) { return RunStore.this.finished(name, includeFailed); }

            @Override
            public void append(Rollout rollout) throws InterruptedException { RunStore.this.append(name, rollout); }

            @Override
            public void flush() throws InterruptedException { RunStore.this.flush(); }
        };
    }

    private void append(String scope, Rollout rollout) throws InterruptedException {
        checkOpen();
        var failure = rollout.failure();
        var row = new RolloutRecord(rollout.taskId(), rollout.sample(), rollout.reward(),
                failure.map(f -> f.type()), failure.map(f -> f.detail()),
                RolloutJson.rewards(rollout.rewards()), RolloutJson.trajectory(rollout.trajectory()),
                rollout.duration().toNanos() / 1e6);
        enqueue(new Write(scope, row));
    }

    /** Returns once every rollout appended before the call is committed. */
    @Override
    public void flush() throws InterruptedException {
        checkOpen();
        var barrier = new CountDownLatch(1);
        enqueue(new Barrier(barrier));
        while (!barrier.await(200, TimeUnit.MILLISECONDS)) checkOpen();
    }

    /** Every recorded rollout of the evaluation, in the order they were first recorded. */
    public List<RolloutRecord> rollouts() { return rollouts(EVAL_SCOPE); }

    /** Every recorded rollout of {@code scope}, in the order they were first recorded. */
    public List<RolloutRecord> rollouts(String scope) {
        var sql = "SELECT task_id, sample, reward, failure_type, failure_detail, rewards, trajectory, duration_ms"
                + " FROM rollouts WHERE scope = ? ORDER BY rowid";
        synchronized (db) {
            try (var s = db.prepareStatement(sql)) {
                s.setString(1, scope);
                var rs = s.executeQuery();
                var rows = new ArrayList<RolloutRecord>();
                while (rs.next()) {
                    double reward = rs.getDouble(3);
                    var rewardValue = rs.wasNull() ? Optional.<Double>empty() : Optional.of(reward);
                    rows.add(new RolloutRecord(rs.getString(1), rs.getInt(2), rewardValue,
                            Optional.ofNullable(rs.getString(4)), Optional.ofNullable(rs.getString(5)),
                            rs.getString(6), rs.getString(7), rs.getDouble(8)));
                }
                return rows;
            } catch (SQLException e) {
                throw storeError("read rollouts", e);
            }
        }
    }

    /** Adds to named counters (retries by failure type, say), kept across resumed segments of a run. */
    public void addCounts(Map<String, Long> counts) {
        synchronized (db) {
            try (var s = db.prepareStatement("INSERT INTO counters(name, count) VALUES (?, ?)"
                    + " ON CONFLICT(name) DO UPDATE SET count = count + excluded.count")) {
                for (var e : counts.entrySet()) {
                    s.setString(1, e.getKey());
                    s.setLong(2, e.getValue());
                    s.addBatch();
                }
                s.executeBatch();
                db.commit();
            } catch (SQLException e) {
                throw storeError("update counters", e);
            }
        }
    }

    /**
     * Records one training step of run {@code run} (an algorithm and seed, say): its metrics as a JSON object
     * and each use of the teacher's guidance. Committed before returning; a step recorded twice (redone after a resume) keeps the last.
     */
    public void recordTrainStep(String run, int step, Map<String, ?> metrics, List<GuidanceRecord> guidance) {
        synchronized (db) {
            try (var s = db.prepareStatement("INSERT OR REPLACE INTO train_steps(run, step, metrics) VALUES (?, ?, ?)");
                 var g = db.prepareStatement("INSERT INTO guidance(run, step, task_id, teacher, text, hinted_accuracy,"
                         + " trained) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
                s.setString(1, run);
                s.setInt(2, step);
                s.setString(3, RolloutJson.JSON.writeValueAsString(metrics));
                s.executeUpdate();
                try (var redo = db.prepareStatement("DELETE FROM guidance WHERE run = ? AND step = ?")) {
                    redo.setString(1, run); // a step redone after a resume keeps only its last guidance
                    redo.setInt(2, step);
                    redo.executeUpdate();
                }
                for (var r : guidance) {
                    g.setString(1, run);
                    g.setInt(2, step);
                    g.setString(3, r.taskId());
                    g.setString(4, r.teacher());
                    g.setString(5, r.text());
                    g.setDouble(6, r.hintedAccuracy());
                    g.setInt(7, r.trained() ? 1 : 0);
                    g.addBatch();
                }
                if (!guidance.isEmpty()) g.executeBatch();
                db.commit();
            } catch (SQLException | JsonProcessingException e) {
                throw new IllegalStateException(dir + ": cannot record training step " + step + " of " + run + ": "
                        + e.getMessage(), e);
            }
        }
    }

    /** A teacher's guidance for one prompt at one training step, and whether its guided group was trained on. */
    public record GuidanceRecord(String taskId, String teacher, String text, double hintedAccuracy, boolean trained) {}

    /** Every guidance record of {@code run}, in step order. */
    public List<GuidanceRecord> guidance(String run) {
        synchronized (db) {
            try (var s = db.prepareStatement("SELECT task_id, teacher, text, hinted_accuracy, trained FROM guidance"
                    + " WHERE run = ? ORDER BY step, rowid")) {
                s.setString(1, run);
                var out = new ArrayList<GuidanceRecord>();
                try (var rs = s.executeQuery()) {
                    while (rs.next()) {
                        out.add(new GuidanceRecord(rs.getString(1), rs.getString(2), rs.getString(3), rs.getDouble(4),
                                rs.getInt(5) == 1));
                    }
                }
                return out;
            } catch (SQLException e) {
                throw storeError("read guidance", e);
            }
        }
    }

    /** The metrics JSON of each recorded step of {@code run}, by step. */
    public Map<Integer, String> trainSteps(String run) {
        synchronized (db) {
            try (var s = db.prepareStatement("SELECT step, metrics FROM train_steps WHERE run = ? ORDER BY step")) {
                s.setString(1, run);
                var out = new LinkedHashMap<Integer, String>();
                try (var rs = s.executeQuery()) {
                    while (rs.next()) out.put(rs.getInt(1), rs.getString(2));
                }
                return out;
            } catch (SQLException e) {
                throw storeError("read training steps", e);
            }
        }
    }

    public Map<String, Long> counts() {
        synchronized (db) {
            try (var s = db.createStatement(); var rs = s.executeQuery("SELECT name, count FROM counters ORDER BY name")) {
                var counts = new LinkedHashMap<String, Long>();
                while (rs.next()) counts.put(rs.getString(1), rs.getLong(2));
                return counts;
            } catch (SQLException e) {
                throw storeError("read counters", e);
            }
        }
    }

    /** Commits everything queued, stops the writer and closes the database. Idempotent. */
    @Override
    public void close() {
        if (closed) return;
        try {
            if (writer.isAlive()) {
                queue.put(new Stop());
                writer.join();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            closed = true;
            synchronized (db) {
                try {
                    db.close();
                } catch (SQLException e) {
                    throw storeError("close", e);
                }
            }
        }
        if (writerFailure != null) throw writerFailure;
    }

    private void enqueue(Op op) throws InterruptedException {
        while (!queue.offer(op, 200, TimeUnit.MILLISECONDS)) checkOpen(); // a dead writer must not block callers forever
    }

    private void drain() {
        var batch = new ArrayList<Op>();
        try {
            while (true) {
                batch.add(queue.take());
                queue.drainTo(batch, 2047);
                var rows = new ArrayList<Write>(batch.size());
                boolean stop = false;
                for (var op : batch) if (op instanceof Write w) rows.add(w);
                if (!rows.isEmpty()) insert(rows);
                for (var op : batch) {
                    if (op instanceof Barrier b) b.reached().countDown();
                    if (op instanceof Stop) stop = true;
                }
                batch.clear();
                if (stop) return;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            writerFailure = e; // appenders see it on their next call
        }
    }

    private void insert(List<Write> writes) {
        var sql = "INSERT OR REPLACE INTO rollouts(task_id, sample, reward, failure_type, failure_detail, rewards,"
                + " trajectory, duration_ms, finished_at, scope) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
        var now = Instant.now().toString();
        synchronized (db) {
            try (var s = db.prepareStatement(sql)) {
                for (var w : writes) {
                    var r = w.row();
                    s.setString(10, w.scope());
                    s.setString(1, r.taskId());
                    s.setInt(2, r.sample());
                    if (r.reward().isPresent()) s.setDouble(3, r.reward().get()); else s.setNull(3, java.sql.Types.REAL);
                    s.setString(4, r.failureType().orElse(null));
                    s.setString(5, r.failureDetail().orElse(null));
                    s.setString(6, r.rewardsJson());
                    s.setString(7, r.trajectoryJson());
                    s.setDouble(8, r.durationMs());
                    s.setString(9, now);
                    s.addBatch();
                }
                s.executeBatch();
                db.commit();
            } catch (SQLException e) {
                throw storeError("write " + writes.size() + " rollouts", e);
            }
        }
    }

    /** A value the run keeps under {@code key} (a training run's settings, say). */
    public Optional<String> meta(String key) {
        synchronized (db) {
            try (var s = db.prepareStatement("SELECT value FROM meta WHERE key = ?")) {
                s.setString(1, key);
                try (var rs = s.executeQuery()) {
                    return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
                }
            } catch (SQLException e) {
                throw storeError("read " + key, e);
            }
        }
    }

    /** Keeps {@code value} under {@code key}, replacing what was there. */
    public void putMeta(String key, String value) {
        synchronized (db) {
            try (var s = db.prepareStatement("INSERT OR REPLACE INTO meta(key, value) VALUES (?, ?)")) {
                s.setString(1, key);
                s.setString(2, value);
                s.executeUpdate();
                db.commit();
            } catch (SQLException e) {
                throw storeError("write " + key, e);
            }
        }
    }

    private void checkOpen() {
        if (writerFailure != null) throw new IllegalStateException("run store writer failed", writerFailure);
        if (closed) throw new IllegalStateException("run store " + dir + " is closed");
    }

    private UncheckedIOException storeError(String what, SQLException e) {
        return new UncheckedIOException(new IOException("run store " + dir + ": cannot " + what + ": " + e.getMessage(), e));
    }
}
