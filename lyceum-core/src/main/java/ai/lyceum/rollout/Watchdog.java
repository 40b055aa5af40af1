package ai.lyceum.rollout;

import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Interrupts rollouts that outlive their deadline. One thread scanning a map every tick costs O(1) per rollout to
 * arm and disarm, where a scheduled timer per rollout costs a locked heap operation each way: at thousands of
 * rollouts a second on two cores that difference shows.
 */
final class Watchdog implements AutoCloseable {
    /** One armed deadline; {@code fired} tells the rollout its interrupt came from here. */
    static final class Alarm {
        final long deadlineNanos;
        volatile boolean fired;

        Alarm(long deadlineNanos) { this.deadlineNanos = deadlineNanos; }
    }

    private final ConcurrentHashMap<Thread, Alarm> armed = new ConcurrentHashMap<>();
    private final long tickMillis;
    private final Thread scanner;
    private volatile boolean closed;

    Watchdog(Duration timeout) {
        this.tickMillis = Math.clamp(timeout.toMillis() / 10, 10, 100);
        this.scanner = Thread.ofPlatform().daemon(true).name("rollout-watchdog").start(this::scan);
    }

    Alarm arm(Thread thread, Duration timeout) {
        var alarm = new Alarm(System.nanoTime() + timeout.toNanos());
        armed.put(thread, alarm);
        return alarm;
    }

    void disarm(Thread thread) { armed.remove(thread); }

    @Override
    public void close() {
        closed = true;
        scanner.interrupt();
    }

    private void scan() {
        while (!closed) {
            try {
                Thread.sleep(tickMillis);
            } catch (InterruptedException e) {
                return;
            }
            long now = System.nanoTime();
            armed.forEach((thread, alarm) -> {
                if (!alarm.fired && now - alarm.deadlineNanos > 0) {
                    alarm.fired = true;
                    thread.interrupt();
                }
            });
        }
    }
}
