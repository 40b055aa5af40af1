package ai.lyceum.reward.math;

/**
 * A cooperative per-call deadline. Every loop and recursion of the verifier calls {@link #tick()}, so a hostile
 * answer can never hold a thread past its deadline: no signals, no interrupts, no shared state — one budget per
 * call, owned by the calling thread.
 */
final class Budget {
    /** Deepest nesting a parse or an evaluation may reach; deeper input is refused rather than overflowing. */
    static final int MAX_DEPTH = 200;

    private final long deadlineNanos;
    private int ticks;

    Budget(long nanos) {
        this.deadlineNanos = System.nanoTime() + nanos;
    }

    /** Counts one unit of work; every 64 units it reads the clock, which is cheap enough for inner loops. */
    void tick() {
        if ((++ticks & 63) == 0 && System.nanoTime() - deadlineNanos > 0) throw Exhausted.INSTANCE;
    }

    void checkDepth(int depth) {
        if (depth > MAX_DEPTH) throw new TooComplex("nesting deeper than " + MAX_DEPTH);
        tick();
    }

    /** The deadline passed. Immutable and stackless, so one shared instance is safe across threads. */
    static final class Exhausted extends RuntimeException {
        static final Exhausted INSTANCE = new Exhausted();

        private Exhausted() { super("verification deadline passed", null, false, false); }
    }

    /** The input is beyond what the verifier accepts (size or nesting). */
    static final class TooComplex extends RuntimeException {
        TooComplex(String why) { super(why, null, false, false); }
    }
}
