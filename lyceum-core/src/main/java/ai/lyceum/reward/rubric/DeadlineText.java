package ai.lyceum.reward.rubric;

/**
 * A response seen through a clock: regex matching reads it through {@link #charAt}, so a pattern that backtracks
 * catastrophically on a hostile response stops at the deadline instead of pinning a core.
 */
final class DeadlineText implements CharSequence {
    static final class Expired extends RuntimeException {
        Expired() { super("regex deadline passed", null, false, false); }
    }

    private final CharSequence text;
    private final long deadlineNanos;
    private int reads;

    DeadlineText(CharSequence text, long budgetNanos) {
        this(text, System.nanoTime() + budgetNanos, 0);
    }

    private DeadlineText(CharSequence text, long deadlineNanos, int unused) {
        this.text = text;
        this.deadlineNanos = deadlineNanos;
    }

    @Override
    public char charAt(int index) {
        // Reading the clock on every character would dominate the match; every 4096 reads costs nothing.
        if ((++reads & 0xFFF) == 0 && System.nanoTime() > deadlineNanos) throw new Expired();
        return text.charAt(index);
    }

    @Override
    public int length() { return text.length(); }

    @Override
    public CharSequence subSequence(int start, int end) {
        return new DeadlineText(text.subSequence(start, end), deadlineNanos, 0);
    }

    @Override
    public String toString() { return text.toString(); }
}
