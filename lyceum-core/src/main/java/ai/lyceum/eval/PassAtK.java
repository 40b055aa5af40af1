package ai.lyceum.eval;

/** The unbiased pass@k estimator of Chen et al. (2021): 1 − C(n−c, k) / C(n, k) for n samples of which c pass. */
public final class PassAtK {
    private PassAtK() {}

    public static double estimate(int n, int c, int k) {
        if (n < 1 || c < 0 || c > n || k < 1 || k > n) {
            throw new IllegalArgumentException("need 0 <= c <= n and 1 <= k <= n; got n=" + n + " c=" + c + " k=" + k);
        }
        if (n - c < k) return 1.0;
        // The product form avoids the huge binomials: C(n−c,k)/C(n,k) = Π_{i=n−c+1..n} (1 − k/i).
        double fail = 1.0;
        for (int i = n - c + 1; i <= n; i++) fail *= 1.0 - (double) k / i;
        return 1.0 - fail;
    }
}
