package ai.lyceum.run;

import ai.lyceum.rollout.Rollout;
import ai.lyceum.rollout.RolloutKey;
import ai.lyceum.rollout.RolloutLog;
import com.fasterxml.jackson.core.JsonProcessingException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
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
import java.util.function.Supplier;

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
 *
 * <p>One process at a time: {@link #open} takes an exclusive lock on {@code DIR/run.lock} and a second writer is
 * refused with a message naming the holder, so two processes never request the same rollouts or race on commits.
 * {@link #openReadOnly} takes no lock, for viewers and ingesters that read a run while it is written.
 *
 * <p>Each {@link #beginSegment segment} of a run (one process's part, between starts and resumes) records its
 * wall time and the counters it tracks in the same transactions as its rollouts, and at least every second while
 * idle, so a {@code kill -9} loses at most a second of either.
 */
public final class RunStore implements RolloutLog, AutoCloseable {
    public static final String FILE_NAME = "run.db";
    /**
     * 1: meta, rollouts, counters. 2: adds train_steps and guidance for training runs. 3: rollouts gain a scope, so
     * a training run's steps and held-out evaluations sit in the same table as an evaluation's rollouts. 4: adds
     * segments (each start or resume: wall time, finished or not).
     */
    static final int SCHEMA_VERSION = 4;
    public static final String LOCK_FILE = "run.lock";
    /** The scope of an evaluation's rollouts, and of rows written before scopes existed. */
    public static final String EVAL_SCOPE = "";

    private sealed interface Op {}
    private record Write(String scope, RolloutRecord row) implements Op {}
    private record Barrier(CountDownLatch reached) implements Op {}
    private record Stop() implements Op {}

    private final Path dir;
    private final Connection db;
    private final Optional<FileChannel> lock;
    private final int version;
    private final BlockingQueue<Op> queue = new ArrayBlockingQueue<>(4096);
    private final Thread writer;
    private volatile RuntimeException writerFailure;
    private volatile boolean closed;
    // Segment bookkeeping, touched under db's monitor only (segment is read by the writer thread too).
    private volatile long segment = -1;
    private long segmentStart;
    private Supplier<Map<String, Long>> trackedCounters = Map::of;
    private Map<String, Long> persistedCounters = Map.of();

    private RunStore(Path dir, Connection db, Optional<FileChannel> lock, boolean writable, int version) {
        this.dir = dir;
        this.db = db;
        this.lock = lock;
        this.version = version;
        this.writer = writable ? Thread.ofPlatform().name("run-store-writer").daemon(true).start(this::drain) : null;
    }

    /**
     * Opens (creating if needed) the run store in {@code dir} for writing.
     *
     * @throws IOException also when another process has the run open for writing; the message says which
     */
    public static RunStore open(Path dir) throws IOException {
        if (Files.exists(dir) && !Files.isDirectory(dir)) {
            throw new IOException(dir + " is a file, not a run directory; choose a directory for --out");
        }
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new IOException("cannot create run directory " + dir + " (" + e.getClass().getSimpleName() + ")", e);
        }
        var lock = lock(dir);
        try {
            return open(dir, Optional.of(lock));
        } catch (IOException | RuntimeException e) {
            lock.close();
            throw e;
        }
    }

    /**
     * Opens an existing run store for reading only: takes no lock, so it works while a run is being written, and
     * leaves an older schema as it is (what it lacks reads as empty).
     */
    public static RunStore openReadOnly(Path dir) throws IOException {
        var file = dir.resolve(FILE_NAME);
        if (!Files.isRegularFile(file)) throw new IOException(dir + " is not a run directory (no " + FILE_NAME + ")");
        try {
            var config = new org.sqlite.SQLiteConfig();
            config.setReadOnly(true);
            config.setBusyTimeout(5000);
            var db = config.createConnection("jdbc:sqlite:" + file);
            int version;
            try (var s = db.createStatement(); var rs = s.executeQuery("PRAGMA user_version")) {
                version = rs.getInt(1);
            }
            return new RunStore(dir, db, Optional.empty(), false, version);
        } catch (SQLException e) {
            throw new IOException("cannot read run store " + file + ": " + e.getMessage(), e);
        }
    }

    private static FileChannel lock(Path dir) throws IOException {
        var file = dir.resolve(LOCK_FILE);
        var channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
        FileLock held;
        try {
            held = channel.tryLock();
        } catch (java.nio.channels.OverlappingFileLockException e) {
            held = null; // this very process holds it
        }
        if (held == null) {
            var holder = new String(Files.readAllBytes(file), java.nio.charset.StandardCharsets.UTF_8).strip();
            channel.close();
            throw new IOException(dir + " is in use by another Lyceum process" + (holder.isEmpty() ? "" : " (" + holder + ")")
                    + "; wait for it to finish, or stop it, before writing to this run directory");
        }
        channel.truncate(0);
        channel.write(java.nio.ByteBuffer.wrap(("pid " + ProcessHandle.current().pid() + ", since "
                + Instant.now()).getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        channel.force(false);
        return channel;
    }

    private static RunStore open(Path dir, Optional<FileChannel> lock) throws IOException {
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
                }
                if (version < 4) {
                    s.execute("""
                            CREATE TABLE IF NOT EXISTS segments(
                              id INTEGER PRIMARY KEY, started_at TEXT NOT NULL, wall_ms INTEGER NOT NULL,
                              finished INTEGER NOT NULL)""");
                    s.execute("PRAGMA user_version=" + SCHEMA_VERSION);
                }
            }
            db.setAutoCommit(false);
            return new RunStore(dir, db, lock, true, SCHEMA_VERSION);
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

    /**
     * Starts this process's segment of the run: from now on its wall time, and the counters {@code counters}
     * reports (cumulative since the segment began), are committed with the rollouts and at least every second.
     */
    public void beginSegment(Supplier<Map<String, Long>> counters) {
        synchronized (db) {
            try (var s = db.prepareStatement("INSERT INTO segments(started_at, wall_ms, finished) VALUES (?, 0, 0)")) {
                s.setString(1, Instant.now().toString());
                s.executeUpdate();
                try (var q = db.createStatement(); var rs = q.executeQuery("SELECT last_insert_rowid()")) {
                    segment = rs.getLong(1);
                }
                db.commit();
                segmentStart = System.nanoTime();
                trackedCounters = counters;
                persistedCounters = Map.of();
            } catch (SQLException e) {
                throw storeError("begin a segment", e);
            }
        }
    }

    /** Commits everything queued and the segment's final wall time and counters; {@code finished}: it ran to the end. */
    public void endSegment(boolean finished) throws InterruptedException {
        flush();
        synchronized (db) {
            if (segment < 0) return;
            try {
                persistProgress();
                try (var s = db.prepareStatement("UPDATE segments SET finished = ? WHERE id = ?")) {
                    s.setInt(1, finished ? 1 : 0);
                    s.setLong(2, segment);
                    s.executeUpdate();
                }
                db.commit();
                segment = -1;
            } catch (SQLException e) {
                throw storeError("end the segment", e);
            }
        }
    }

    /** The wall time of every segment so far, summed; a killed segment counts up to its last commit. */
    public Duration wallTime() {
        if (!hasTable("segments")) return Duration.ZERO; // a read-only view of a run written before version 4
        synchronized (db) {
            try (var s = db.createStatement(); var rs = s.executeQuery("SELECT COALESCE(SUM(wall_ms), 0) FROM segments")) {
                return Duration.ofMillis(rs.getLong(1));
            } catch (SQLException e) {
                throw storeError("read segments", e);
            }
        }
    }

    /** How many segments (starts and resumes) the run has had. */
    public int segments() {
        if (!hasTable("segments")) return 0;
        synchronized (db) {
            try (var s = db.createStatement(); var rs = s.executeQuery("SELECT COUNT(*) FROM segments")) {
                return rs.getInt(1);
            } catch (SQLException e) {
                throw storeError("read segments", e);
            }
        }
    }

    /** Whether the database has {@code table}: a store opened read-only is not upgraded to the current schema. */
    private boolean hasTable(String table) {
        synchronized (db) {
            try (var s = db.prepareStatement("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?")) {
                s.setString(1, table);
                try (var rs = s.executeQuery()) {
                    return rs.next();
                }
            } catch (SQLException e) {
                throw storeError("read the schema", e);
            }
        }
    }

    /** Writes the segment's wall time and the counters' growth since the last call; the caller commits. */
    private void persistProgress() throws SQLException {
        if (segment < 0) return;
        try (var s = db.prepareStatement("UPDATE segments SET wall_ms = ? WHERE id = ?")) {
            s.setLong(1, (System.nanoTime() - segmentStart) / 1_000_000);
            s.setLong(2, segment);
            s.executeUpdate();
        }
        var now = Map.copyOf(trackedCounters.get());
        var delta = new LinkedHashMap<String, Long>();
        for (var e : now.entrySet()) {
            long d = e.getValue() - persistedCounters.getOrDefault(e.getKey(), 0L);
            if (d != 0) delta.put(e.getKey(), d);
        }
        if (!delta.isEmpty()) addCountsUncommitted(delta);
        persistedCounters = now;
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

    /** Each scope that holds rollouts ({@link #EVAL_SCOPE} first when present) and how many it holds. */
    public Map<String, Integer> scopes() {
        var sql = version < 3 ? "SELECT '', COUNT(*) FROM rollouts HAVING COUNT(*) > 0"
                : "SELECT scope, COUNT(*) FROM rollouts GROUP BY scope ORDER BY scope";
        synchronized (db) {
            try (var s = db.createStatement(); var rs = s.executeQuery(sql)) {
                var out = new LinkedHashMap<String, Integer>();
                while (rs.next()) out.put(rs.getString(1), rs.getInt(2));
                return out;
            } catch (SQLException e) {
                throw storeError("read scopes", e);
            }
        }
    }

    /** Every recorded rollout of the evaluation, in the order they were first recorded. */
    public List<RolloutRecord> rollouts() { return rollouts(EVAL_SCOPE); }

    /** Every recorded rollout of {@code scope}, in the order they were first recorded. */
    public List<RolloutRecord> rollouts(String scope) {
        if (version < 3 && !scope.equals(EVAL_SCOPE)) return List.of(); // before scopes, every row was the evaluation's
        var sql = "SELECT task_id, sample, reward, failure_type, failure_detail, rewards, trajectory, duration_ms"
                + " FROM rollouts" + (version < 3 ? " WHERE ? = ''" : " WHERE scope = ?") + " ORDER BY rowid";
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
            try {
                addCountsUncommitted(counts);
                db.commit();
            } catch (SQLException e) {
                throw storeError("update counters", e);
            }
        }
    }

    private void addCountsUncommitted(Map<String, Long> counts) throws SQLException {
        try (var s = db.prepareStatement("INSERT INTO counters(name, count) VALUES (?, ?)"
                + " ON CONFLICT(name) DO UPDATE SET count = count + excluded.count")) {
            for (var e : counts.entrySet()) {
                s.setString(1, e.getKey());
                s.setLong(2, e.getValue());
                s.addBatch();
            }
            s.executeBatch();
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

    /** The names of the training runs recorded here ({@code sft}, {@code grpo-seed1}…), in name order. */
    public List<String> trainRuns() {
        if (!hasTable("train_steps")) return List.of();
        synchronized (db) {
            try (var s = db.createStatement(); var rs = s.executeQuery("SELECT DISTINCT run FROM train_steps ORDER BY run")) {
                var out = new ArrayList<String>();
                while (rs.next()) out.add(rs.getString(1));
                return out;
            } catch (SQLException e) {
                throw storeError("read training runs", e);
            }
        }
    }

    /** Every guidance record of {@code run} with the step it was given at, in step order. */
    public List<Map.Entry<Integer, GuidanceRecord>> guidanceBySteps(String run) {
        synchronized (db) {
            try (var s = db.prepareStatement("SELECT step, task_id, teacher, text, hinted_accuracy, trained FROM guidance"
                    + " WHERE run = ? ORDER BY step, rowid")) {
                s.setString(1, run);
                var out = new ArrayList<Map.Entry<Integer, GuidanceRecord>>();
                try (var rs = s.executeQuery()) {
                    while (rs.next()) {
                        out.add(Map.entry(rs.getInt(1), new GuidanceRecord(rs.getString(2), rs.getString(3), rs.getString(4),
                                rs.getDouble(5), rs.getInt(6) == 1)));
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
            if (writer != null && writer.isAlive()) {
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
                } finally {
                    if (lock.isPresent()) {
                        try {
                            lock.get().close(); // releases the lock; the file stays, an unheld lock file is harmless
                        } catch (IOException ignored) {
                            // the process is letting go of it either way
                        }
                    }
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
                var first = queue.poll(1, TimeUnit.SECONDS);
                if (first == null) { // idle: keep the segment's wall time and counters current
                    synchronized (db) {
                        if (segment >= 0) {
                            try {
                                persistProgress();
                                db.commit();
                            } catch (SQLException e) {
                                throw storeError("record progress", e);
                            }
                        }
                    }
                    continue;
                }
                batch.add(first);
                queue.drainTo(batch, 2047);
                var rows = new ArrayList<Write>(batch.size());
                boolean stop = false;
                for (var op : batch) if (op instanceof Write w) rows.add(w);
                if (!rows.isEmpty() || segment >= 0) insert(rows);
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
                if (!writes.isEmpty()) s.executeBatch();
                persistProgress();
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
        if (writer == null) throw new IllegalStateException("run store " + dir + " is open for reading only");
        if (writerFailure != null) throw new IllegalStateException("run store writer failed", writerFailure);
        if (closed) throw new IllegalStateException("run store " + dir + " is closed");
    }

    private UncheckedIOException storeError(String what, SQLException e) {
        return new UncheckedIOException(new IOException("run store " + dir + ": cannot " + what + ": " + e.getMessage(), e));
    }
}
