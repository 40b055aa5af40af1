package ai.lyceum.reward.judge;

import ai.lyceum.policy.Sampling;
import ai.lyceum.task.Message;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Judge replies kept in an SQLite file, keyed by SHA-256 of (judge model, sampling, every prompt message). Only
 * replies that parsed are stored, so an unparseable reply is asked again next time rather than replayed forever.
 *
 * <p>One connection behind a lock: SQLite has a single writer anyway, and a cache read or write takes microseconds
 * next to a judge call. A failing cache never fails judging: it logs once and behaves as a miss.
 */
public final class JudgeCache implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(JudgeCache.class);

    private final Connection db;
    private final ReentrantLock lock = new ReentrantLock();
    private volatile boolean warned;

    private JudgeCache(Connection db) { this.db = db; }

    public static JudgeCache open(Path file) throws IOException {
        try {
            var db = DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath());
            try (var s = db.createStatement()) {
                s.execute("PRAGMA journal_mode=WAL");
                s.execute("PRAGMA synchronous=NORMAL");
                s.execute("CREATE TABLE IF NOT EXISTS judge_reply (key TEXT PRIMARY KEY, model TEXT NOT NULL, "
                        + "reply TEXT NOT NULL, created_ms INTEGER NOT NULL)");
            }
            return new JudgeCache(db);
        } catch (SQLException e) {
            throw new IOException(file + ": cannot open judge cache: " + e.getMessage(), e);
        }
    }

    /** The cache key of one judge question. */
    public static String key(String model, List<Message> messages, Sampling sampling) {
        var digest = Prompts.sha256();
        digest.update(model.getBytes(StandardCharsets.UTF_8));
        digest.update((byte) 0);
        digest.update(sampling.toString().getBytes(StandardCharsets.UTF_8));
        for (var m : messages) {
            digest.update((byte) 0);
            digest.update(m.role().getBytes(StandardCharsets.UTF_8));
            digest.update((byte) 0);
            digest.update(m.content().getBytes(StandardCharsets.UTF_8));
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    public Optional<String> get(String key) {
        lock.lock();
        try (var s = db.prepareStatement("SELECT reply FROM judge_reply WHERE key = ?")) {
            s.setString(1, key);
            try (var rs = s.executeQuery()) {
                return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
            }
        } catch (SQLException e) {
            warn(e);
            return Optional.empty();
        } finally {
            lock.unlock();
        }
    }

    public void put(String key, String model, String reply) {
        lock.lock();
        try (var s = db.prepareStatement("INSERT OR REPLACE INTO judge_reply (key, model, reply, created_ms) VALUES (?, ?, ?, ?)")) {
            s.setString(1, key);
            s.setString(2, model);
            s.setString(3, reply);
            s.setLong(4, System.currentTimeMillis());
            s.executeUpdate();
        } catch (SQLException e) {
            warn(e);
        } finally {
            lock.unlock();
        }
    }

    public long size() {
        lock.lock();
        try (var s = db.createStatement(); var rs = s.executeQuery("SELECT count(*) FROM judge_reply")) {
            return rs.next() ? rs.getLong(1) : 0;
        } catch (SQLException e) {
            warn(e);
            return 0;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void close() {
        lock.lock();
        try {
            db.close();
        } catch (SQLException e) {
            warn(e);
        } finally {
            lock.unlock();
        }
    }

    private void warn(SQLException e) {
        if (!warned) {
            warned = true;
            LOG.warn("judge cache unavailable, judging without it: {}", e.getMessage());
        }
    }
}
