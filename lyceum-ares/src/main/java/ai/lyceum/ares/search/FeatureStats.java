package ai.lyceum.ares.search;

import ai.lyceum.ares.store.EmbeddingTables.Moments;

/**
 * Per-feature mean and standard deviation by Welford's online algorithm, mergeable (Chan et al.) so that batches
 * and earlier ingestions combine exactly. A feature that never varies gets σ = 1, not the 0 that would make ARES's
 * z-normalisation divide by zero.
 */
public final class FeatureStats {
    private long n;
    private final double[] mean;
    private final double[] m2;

    public FeatureStats(int features) {
        mean = new double[features];
        m2 = new double[features];
    }

    public static FeatureStats of(Moments m) {
        var s = new FeatureStats(m.mean().length);
        s.n = m.n();
        System.arraycopy(m.mean(), 0, s.mean, 0, m.mean().length);
        System.arraycopy(m.m2(), 0, s.m2, 0, m.m2().length);
        return s;
    }

    public int features() { return mean.length; }

    public long count() { return n; }

    /** Adds every step of a row-major {@code steps × features} array. */
    public void addSteps(float[] values) {
        int f = mean.length;
        for (int off = 0; off < values.length; off += f) {
            n++;
            for (int j = 0; j < f; j++) {
                double x = values[off + j];
                double d = x - mean[j];
                mean[j] += d / n;
                m2[j] += d * (x - mean[j]);
            }
        }
    }

    public void merge(FeatureStats other) {
        if (other.n == 0) return;
        if (other.features() != features()) {
            throw new IllegalArgumentException("cannot merge " + other.features() + " features into " + features());
        }
        long total = n + other.n;
        for (int j = 0; j < mean.length; j++) {
            double d = other.mean[j] - mean[j];
            mean[j] += d * other.n / total;
            m2[j] += other.m2[j] + d * d * n * other.n / total;
        }
        n = total;
    }

    public double mean(int feature) { return mean[feature]; }

    /** Unbiased standard deviation; 1 when undefined or zero. */
    public double std(int feature) {
        if (n < 2) return 1;
        double sd = Math.sqrt(m2[feature] / (n - 1));
        return sd > 1e-12 ? sd : 1;
    }

    /** z-normalises a row-major {@code steps × features} array into a new one. */
    public float[] normalise(float[] values) {
        int f = mean.length;
        var out = new float[values.length];
        var sd = new double[f];
        for (int j = 0; j < f; j++) sd[j] = std(j);
        for (int i = 0; i < values.length; i++) out[i] = (float) ((values[i] - mean[i % f]) / sd[i % f]);
        return out;
    }

    public Moments moments(String groupKey, String kind) {
        return new Moments(groupKey, kind, n, mean.clone(), m2.clone());
    }
}
