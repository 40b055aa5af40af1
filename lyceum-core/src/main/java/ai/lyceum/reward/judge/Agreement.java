package ai.lyceum.reward.judge;

import java.util.List;
import java.util.OptionalDouble;
import java.util.TreeMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Krippendorff's α over units × raters with missing values (NaN), from the coincidence matrix:
 * α = 1 − (n − 1)·Σ o_ck δ²_ck / Σ n_c n_k δ²_ck. Units with fewer than two values are not pairable and drop out.
 * Undefined (empty) when there is no variation at all or fewer than two pairable values.
 *
 * <p>An {@link Agreement} instance accumulates the coincidence matrix unit by unit, so an ensemble judging for a
 * whole training run keeps a few numbers, not every unit. Thread-safe.
 */
public final class Agreement {
    public enum Metric { NOMINAL, ORDINAL, INTERVAL }

    private final TreeMap<Double, TreeMap<Double, Double>> coincidences = new TreeMap<>();
    private final ReentrantLock lock = new ReentrantLock();

    /** Adds one unit: one entry per rater, {@code NaN} where a rater gave no value. */
    public void add(double[] unit) {
        int m = 0;
        for (double v : unit) if (!Double.isNaN(v)) m++;
        if (m < 2) return;
        lock.lock();
        try {
            for (int i = 0; i < unit.length; i++) {
                if (Double.isNaN(unit[i])) continue;
                var row = coincidences.computeIfAbsent(unit[i], x -> new TreeMap<>());
                for (int j = 0; j < unit.length; j++) {
                    if (i != j && !Double.isNaN(unit[j])) row.merge(unit[j], 1.0 / (m - 1), Double::sum);
                }
            }
        } finally {
            lock.unlock();
        }
    }

    public OptionalDouble alpha(Metric metric) {
        lock.lock();
        try {
            var values = coincidences.keySet().stream().mapToDouble(Double::doubleValue).toArray();
            int k = values.length;
            var o = new double[k][k];
            for (int c = 0; c < k; c++) {
                for (int d = 0; d < k; d++) o[c][d] = coincidences.get(values[c]).getOrDefault(values[d], 0.0);
            }
            return alpha(o, values, metric);
        } finally {
            lock.unlock();
        }
    }

    /** α of a whole reliability matrix at once. */
    public static OptionalDouble krippendorffAlpha(List<double[]> units, Metric metric) {
        var a = new Agreement();
        units.forEach(a::add);
        return a.alpha(metric);
    }

    private static OptionalDouble alpha(double[][] o, double[] values, Metric metric) {
        int k = values.length;
        var nc = new double[k];
        double n = 0;
        for (int c = 0; c < k; c++) {
            for (int d = 0; d < k; d++) nc[c] += o[c][d];
            n += nc[c];
        }
        if (n < 2) return OptionalDouble.empty();
        double observed = 0;
        double expected = 0;
        for (int c = 0; c < k; c++) {
            for (int d = 0; d < k; d++) {
                double delta = delta(metric, values, nc, c, d);
                observed += o[c][d] * delta;
                expected += nc[c] * nc[d] * delta;
            }
        }
        if (expected == 0) return OptionalDouble.empty();
        return OptionalDouble.of(1 - (n - 1) * observed / expected);
    }

    private static double delta(Metric metric, double[] values, double[] nc, int c, int d) {
        if (c == d) return 0;
        return switch (metric) {
            case NOMINAL -> 1;
            case INTERVAL -> (values[c] - values[d]) * (values[c] - values[d]);
            case ORDINAL -> {
                int lo = Math.min(c, d);
                int hi = Math.max(c, d);
                double sum = 0;
                for (int g = lo; g <= hi; g++) sum += nc[g];
                double x = sum - (nc[lo] + nc[hi]) / 2;
                yield x * x;
            }
        };
    }
}
