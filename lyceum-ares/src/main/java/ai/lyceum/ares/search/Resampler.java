package ai.lyceum.ares.search;

/**
 * Resamples a {@code T × F} trajectory to a fixed number of steps by per-feature linear interpolation on
 * normalised time (source points at linspace(0,1,T), targets at linspace(0,1,steps)), as ARES does. One step is
 * repeated (ARES leaves that case undefined).
 */
public final class Resampler {
    public static final int STEPS = 100;

    private Resampler() {}

    /** {@code values} is row-major {@code length × features}; the result is row-major {@code steps × features}. */
    public static float[] resample(float[] values, int length, int features, int steps) {
        if (length < 1) throw new IllegalArgumentException("cannot resample an empty trajectory");
        if (values.length != length * features) {
            throw new IllegalArgumentException(values.length + " values are not " + length + " × " + features);
        }
        var out = new float[steps * features];
        if (length == steps) {
            System.arraycopy(values, 0, out, 0, out.length);
            return out;
        }
        for (int s = 0; s < steps; s++) {
            double pos = steps == 1 ? 0 : (double) s * (length - 1) / (steps - 1);
            int lo = (int) Math.floor(pos);
            int hi = Math.min(lo + 1, length - 1);
            double w = pos - lo;
            for (int j = 0; j < features; j++) {
                out[s * features + j] = (float) (values[lo * features + j] * (1 - w) + values[hi * features + j] * w);
            }
        }
        return out;
    }
}
