package ai.lyceum.train.optim;

/**
 * Linear warm-up to {@code peak}, then cosine decay to {@code peak × minRatio} at {@code totalSteps}, flat
 * after. {@code constant(lr)} is the schedule RL fine-tuning usually wants.
 */
public record LrSchedule(double peak, int warmupSteps, int totalSteps, double minRatio) {
    public LrSchedule {
        if (!(peak > 0) || Double.isInfinite(peak)) throw new IllegalArgumentException("peak lr must be > 0, was " + peak);
        if (warmupSteps < 0) throw new IllegalArgumentException("warmupSteps must be >= 0, was " + warmupSteps);
        if (totalSteps < warmupSteps) {
            throw new IllegalArgumentException("totalSteps " + totalSteps + " < warmupSteps " + warmupSteps);
        }
        if (!(minRatio >= 0 && minRatio <= 1)) throw new IllegalArgumentException("minRatio must be in [0, 1], was " + minRatio);
    }

    public static LrSchedule constant(double lr) { return new LrSchedule(lr, 0, 0, 1); }

    /** The learning rate for update number {@code step}, counting from 0. */
    public double at(int step) {
        if (step < warmupSteps) return peak * (step + 1) / warmupSteps;
        if (step >= totalSteps) return peak * minRatio;
        double progress = (double) (step - warmupSteps) / (totalSteps - warmupSteps);
        return peak * (minRatio + (1 - minRatio) * 0.5 * (1 + Math.cos(Math.PI * progress)));
    }
}
