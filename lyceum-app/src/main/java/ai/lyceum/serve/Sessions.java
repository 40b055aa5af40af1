package ai.lyceum.serve;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Live sessions, bounded in number and reaped when idle. A session is touched by each message it serves; one
 * reaper thread sweeps every few seconds and hands each session idle longer than the limit to
 * {@link Session#reap}, which tells its client why and frees what it holds. Admission is a counter checked
 * before insertion, so the bound holds under any number of concurrent connects.
 */
public final class Sessions<S extends Sessions.Session> implements AutoCloseable {
    /** What a session does when it is reaped: release its episode, tell its client with a clear error. */
    public interface Session {
        void reap(Duration idleLimit);
    }

    private static final class Entry<S> {
        final S session;
        volatile long lastUsed = System.nanoTime();

        Entry(S session) { this.session = session; }
    }

    private final Map<String, Entry<S>> live = new ConcurrentHashMap<>();
    private final AtomicInteger admitted = new AtomicInteger();
    private final int capacity;
    private final Duration idleLimit;
    private final ScheduledExecutorService reaper;

    public Sessions(int capacity, Duration idleLimit) {
        if (capacity < 1) throw new IllegalArgumentException("session capacity must be >= 1, was " + capacity);
        if (idleLimit.isNegative() || idleLimit.isZero()) throw new IllegalArgumentException("idle limit must be positive, was " + idleLimit);
        this.capacity = capacity;
        this.idleLimit = idleLimit;
        this.reaper = Executors.newSingleThreadScheduledExecutor(r -> {
            var t = new Thread(r, "lyceum-serve-reaper");
            t.setDaemon(true);
            return t;
        });
        long sweepMs = Math.max(50, Math.min(5_000, idleLimit.toMillis() / 4));
        reaper.scheduleWithFixedDelay(this::sweep, sweepMs, sweepMs, TimeUnit.MILLISECONDS);
    }

    /** Admits {@code session} under {@code id}, or returns false when the server is at capacity. */
    public boolean open(String id, S session) {
        Objects.requireNonNull(session, "session");
        if (admitted.incrementAndGet() > capacity) {
            admitted.decrementAndGet();
            return false;
        }
        if (live.putIfAbsent(id, new Entry<>(session)) != null) {
            admitted.decrementAndGet();
            throw new IllegalStateException("session " + id + " is already open");
        }
        return true;
    }

    /** The live session {@code id}, marked as used now; empty once closed or reaped. */
    public Optional<S> use(String id) {
        var e = live.get(id);
        if (e == null) return Optional.empty();
        e.lastUsed = System.nanoTime();
        return Optional.of(e.session);
    }

    public void close(String id) {
        if (live.remove(id) != null) admitted.decrementAndGet();
    }

    public int capacity() { return capacity; }

    private void sweep() {
        long now = System.nanoTime();
        for (var it = live.entrySet().iterator(); it.hasNext(); ) {
            var e = it.next();
            if (now - e.getValue().lastUsed <= idleLimit.toNanos()) continue;
            if (live.remove(e.getKey(), e.getValue())) {
                admitted.decrementAndGet();
                try {
                    e.getValue().session.reap(idleLimit);
                } catch (RuntimeException ignored) { // a client already gone cannot be told; the slot is freed anyway
                }
            }
        }
    }

    @Override
    public void close() { reaper.shutdownNow(); }
}
