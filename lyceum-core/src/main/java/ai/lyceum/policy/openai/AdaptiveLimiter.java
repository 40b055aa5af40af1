package ai.lyceum.policy.openai;

import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Bounds requests in flight with a limit that adapts to the server: additive increase while requests succeed at
 * the limit, multiplicative decrease when the server says it is overloaded (429, 503, timeouts). A burst of
 * overload answers all caused by one crowded moment shrinks the limit once, not once per answer, thanks to a
 * cool-down. Generic errors (500, a dropped connection) do not shrink it: they are retried, not a sign of load.
 *
 * <p>Uses a {@link ReentrantLock}, not {@code synchronized}, so waiting virtual threads do not pin carriers.
 */
final class AdaptiveLimiter {
    enum Outcome { SUCCESS, OVERLOAD, OTHER }

    static final double DECREASE = 0.7;
    static final long COOL_DOWN_NANOS = 1_000_000_000L;

    private final int max;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition available = lock.newCondition();
    private double limit;
    private int inFlight;
    private long lastDecrease = System.nanoTime() - COOL_DOWN_NANOS;

    AdaptiveLimiter(int max) {
        if (max < 1) throw new IllegalArgumentException("max in-flight requests must be >= 1, was " + max);
        this.max = max;
        this.limit = max; // start wide open: a slow start would cost a whole latency period per doubling
    }

    void acquire() throws InterruptedException {
        lock.lock();
        try {
            while (inFlight >= (int) limit) available.await();
            inFlight++;
        } finally {
            lock.unlock();
        }
    }

    void release(Outcome outcome) {
        lock.lock();
        try {
            boolean wasSaturated = inFlight >= (int) limit;
            inFlight--;
            switch (outcome) {
                case SUCCESS -> {
                    if (wasSaturated && limit < max) limit = Math.min(max, limit + 1);
                }
                case OVERLOAD -> {
                    long now = System.nanoTime();
                    if (now - lastDecrease >= COOL_DOWN_NANOS) {
                        limit = Math.max(1, limit * DECREASE);
                        lastDecrease = now;
                    }
                }
                case OTHER -> { }
            }
            available.signal();
            if (inFlight < (int) limit) available.signal();
        } finally {
            lock.unlock();
        }
    }

    int limit() {
        lock.lock();
        try {
            return (int) limit;
        } finally {
            lock.unlock();
        }
    }
}
