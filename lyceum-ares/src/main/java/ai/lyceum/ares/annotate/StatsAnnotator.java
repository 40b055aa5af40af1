package ai.lyceum.ares.annotate;

import ai.lyceum.ares.model.Annotation;
import ai.lyceum.ares.model.NumericTrajectory;
import ai.lyceum.ares.model.Rollout;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Model-free trajectory statistics: duration, path length, mean jerk, idle fraction, gripper open/close events and
 * per-dimension action and state ranges. Ingestion runs it on the numbers it already holds; {@code annotate}
 * reruns it on stored rollouts. An episode without state or action numbers (an LLM rollout from a run store) is
 * skipped as {@link #NO_NUMBERS}: its length is already a column, and anything else would be invented. Duration and
 * jerk need the frame rate, so they are left out when it is unknown rather than computed per step.
 */
public final class StatsAnnotator implements Annotator {
    public static final String NAME = "stats";
    /** The skip reason for episodes that have no numeric trajectory. */
    public static final String NO_NUMBERS = "no_numeric_trajectory";
    static final String VERSION = "stats-1";

    @Override
    public String name() { return NAME; }

    @Override
    public boolean oncePerVersion() { return true; }

    @Override
    public String promptVersion() { return VERSION; }

    @Override
    public Annotation annotate(Rollout rollout) throws NotApplicable {
        var t = NumericTrajectory.of(rollout.trajectory());
        if (t.length() == 0 || t.actionDim() + t.stateDim() == 0) {
            throw new NotApplicable(NO_NUMBERS, rollout.path() + " has no state or action frames (source "
                    + rollout.source() + ", " + rollout.length() + " steps)");
        }
        return annotate(t, Instant.now());
    }

    public static Annotation annotate(NumericTrajectory t, Instant now) {
        return new Annotation(NAME, Optional.empty(), VERSION, now, fields(t));
    }

    static Map<String, Object> fields(NumericTrajectory t) {
        var out = new LinkedHashMap<String, Object>();
        int n = t.length();
        out.put("stats_duration_s", t.fps() > 0 ? n / t.fps() : null);
        boolean hasState = t.stateDim() > 0;
        var path = hasState ? t.states() : t.actions();
        int pathDim = hasState ? t.stateDim() : t.actionDim();
        if (pathDim > 0 && n > 1) {
            double length = 0;
            for (int i = 1; i < n; i++) length += distance(path, i - 1, i, pathDim);
            out.put("stats_path_length", finite(length));
        }
        if (t.actionDim() > 0) {
            int a = t.actionDim();
            var act = t.actions();
            if (n >= 4 && t.fps() > 0) {
                double dt = 1 / t.fps(), jerk = 0;
                for (int i = 3; i < n; i++) {
                    double sq = 0;
                    for (int j = 0; j < a; j++) {
                        double d3 = act[i * a + j] - 3 * act[(i - 1) * a + j] + 3 * act[(i - 2) * a + j] - act[(i - 3) * a + j];
                        sq += d3 * d3;
                    }
                    jerk += Math.sqrt(sq) / (dt * dt * dt);
                }
                out.put("stats_mean_jerk", finite(jerk / (n - 3)));
            }
            var min = new float[a];
            var max = new float[a];
            range(act, n, a, min, max);
            if (n > 1) {
                double scale = 0;
                for (int j = 0; j < a; j++) scale += (double) (max[j] - min[j]) * (max[j] - min[j]);
                double threshold = 0.01 * Math.sqrt(scale);
                int idle = 0;
                for (int i = 1; i < n; i++) if (distance(act, i - 1, i, a) <= threshold) idle++;
                out.put("stats_idle_fraction", (double) idle / (n - 1));
                out.put("stats_gripper_events", gripperEvents(act, n, a, min[a - 1], max[a - 1]));
            }
            out.put("stats_action_min", NumericTrajectory.json(min));
            out.put("stats_action_max", NumericTrajectory.json(max));
        }
        if (hasState) {
            var min = new float[t.stateDim()];
            var max = new float[t.stateDim()];
            range(t.states(), n, t.stateDim(), min, max);
            out.put("stats_state_min", NumericTrajectory.json(min));
            out.put("stats_state_max", NumericTrajectory.json(max));
        }
        out.values().removeIf(java.util.Objects::isNull);
        return out;
    }

    /** Crossings of the midpoint of the last action dimension, with hysteresis so that noise is not an event. */
    static long gripperEvents(float[] act, int n, int a, float lo, float hi) {
        if (hi - lo < 1e-6) return 0;
        double high = lo + 0.7 * (hi - lo), low = lo + 0.3 * (hi - lo);
        int state = 0;
        long events = 0;
        for (int i = 0; i < n; i++) {
            float g = act[i * a + a - 1];
            int next = g >= high ? 1 : g <= low ? -1 : state;
            if (state != 0 && next != state) events++;
            state = next;
        }
        return events;
    }

    private static void range(float[] v, int n, int d, float[] min, float[] max) {
        java.util.Arrays.fill(min, Float.POSITIVE_INFINITY);
        java.util.Arrays.fill(max, Float.NEGATIVE_INFINITY);
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < d; j++) {
                float x = v[i * d + j];
                if (x < min[j]) min[j] = x;
                if (x > max[j]) max[j] = x;
            }
        }
    }

    private static double distance(float[] v, int i, int k, int d) {
        double sq = 0;
        for (int j = 0; j < d; j++) {
            double diff = v[k * d + j] - v[i * d + j];
            sq += diff * diff;
        }
        return Math.sqrt(sq);
    }

    private static Double finite(double x) { return Double.isFinite(x) ? x : null; }
}
