package ai.lyceum.eval;

/**
 * The Wilson score interval for a binomial proportion: unlike the normal approximation it stays inside [0, 1] and
 * is honest at 0 of n and n of n, which win rates against a weak opponent often are.
 */
public final class WilsonInterval {
    /** z for a two-sided 95% interval. */
    public static final double Z95 = 1.959963984540054;

    private WilsonInterval() {}

    /** The 95% interval for {@code successes} of {@code n}; [0, 1] when n is 0. */
    public static EvalSummary.Interval of(int successes, int n) { return of(successes, n, Z95); }

    public static EvalSummary.Interval of(int successes, int n, double z) {
        if (n < 0 || successes < 0 || successes > n) {
            throw new IllegalArgumentException("need 0 <= successes <= n, got " + successes + " of " + n);
        }
        if (n == 0) return new EvalSummary.Interval(0, 1);
        double p = (double) successes / n, z2 = z * z;
        double centre = (p + z2 / (2 * n)) / (1 + z2 / n);
        double half = z / (1 + z2 / n) * Math.sqrt(p * (1 - p) / n + z2 / (4.0 * n * n));
        return new EvalSummary.Interval(Math.max(0, centre - half), Math.min(1, centre + half));
    }
}
