package ai.lyceum.train.rl;

/** GRPO's outcome advantages: each reward against the others sampled for the same prompt. */
public final class Advantages {
    /** Added to the standard deviation, as verl's {@code compute_grpo_outcome_advantage} does. */
    public static final double EPSILON = 1e-6;

    private Advantages() {}

    /**
     * {@code (r_i - mean(r)) / (std_unbiased(r) + 1e-6)}, or {@code r_i - mean(r)} without the division (Dr. GRPO).
     * A group of one has no spread to compare against; as in verl it gets mean 0 and std 1.
     */
    public static double[] group(double[] rewards, boolean scaleByStd) {
        int n = rewards.length;
        if (n == 0) throw new IllegalArgumentException("an empty group has no advantages");
        double mean = 0, std = 1;
        if (n > 1) {
            for (double r : rewards) mean += r;
            mean /= n;
            double squares = 0;
            for (double r : rewards) squares += (r - mean) * (r - mean);
            std = Math.sqrt(squares / (n - 1)); // unbiased, like torch.std
        }
        double[] out = new double[n];
        for (int i = 0; i < n; i++) out[i] = scaleByStd ? (rewards[i] - mean) / (std + EPSILON) : rewards[i] - mean;
        return out;
    }
}
