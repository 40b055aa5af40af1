package ai.lyceum.report;

/** Figures of merit of a held-out pass@1 curve. */
public final class CurveStats {
    private CurveStats() {}

    /** The first evaluation step whose value reaches {@code level}, or -1 when none does. */
    public static int stepsTo(int[] steps, double[] values, double level) {
        for (int i = 0; i < values.length; i++) if (values[i] >= level) return steps[i];
        return -1;
    }

    /** Area under the curve by the trapezoid rule, divided by the steps spanned: the curve's mean height. */
    public static double normalisedArea(int[] steps, double[] values) {
        if (values.length < 2) return values.length == 1 ? values[0] : Double.NaN;
        double area = 0;
        for (int i = 1; i < values.length; i++) area += (steps[i] - steps[i - 1]) * (values[i] + values[i - 1]) / 2;
        return area / (steps[steps.length - 1] - steps[0]);
    }

    /**
     * Mean height of the curve {@code (x, values)} over {@code [x[0], limit]}, linearly interpolated: areas of
     * curves sampled at different x (pass@1 against rollouts, say) compared over one range.
     */
    public static double areaUpTo(double[] x, double[] values, double limit) {
        if (!(limit > x[0])) return values[0];
        double area = 0;
        for (int i = 1; i < x.length && x[i - 1] < limit; i++) {
            double x1 = Math.min(x[i], limit);
            double y1 = x[i] == x[i - 1] ? values[i] : values[i - 1] + (values[i] - values[i - 1]) * (x1 - x[i - 1]) / (x[i] - x[i - 1]);
            area += (x1 - x[i - 1]) * (values[i - 1] + y1) / 2;
        }
        return area / (limit - x[0]);
    }

    /** Element-wise mean of equally long rows. */
    public static double[] mean(double[][] rows) {
        double[] out = new double[rows[0].length];
        for (double[] row : rows) for (int i = 0; i < out.length; i++) out[i] += row[i] / rows.length;
        return out;
    }
}
