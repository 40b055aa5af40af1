package ai.lyceum.ares.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.Optional;

/**
 * A trajectory as numbers, row-major ({@code length × dim}): what ingestion holds for one episode and what the
 * model-free annotators compute on. {@code stateDim} or {@code actionDim} is 0 when the episode has none, and
 * {@code fps} is 0 when the frame rate is unknown (so nothing per-second is computed from a guess).
 *
 * @param lastSuccess the last frame's success label ({@code next.success}), when the dataset has one
 * @param lastDone    the last frame's done flag ({@code next.done}), when the dataset has one
 */
public record NumericTrajectory(int length, int actionDim, float[] actions, int stateDim, float[] states,
                                Optional<float[]> rewards, Optional<Boolean> lastSuccess, Optional<Boolean> lastDone,
                                double fps) {
    private static final ObjectMapper JSON = new ObjectMapper();

    public NumericTrajectory {
        if (!(fps >= 0) || Double.isInfinite(fps)) throw new IllegalArgumentException("fps must be finite and >= 0, was " + fps);
        if (actions.length != length * actionDim) throw new IllegalArgumentException("actions are not " + length + " × " + actionDim);
        if (states.length != length * stateDim) throw new IllegalArgumentException("states are not " + length + " × " + stateDim);
        rewards.ifPresent(r -> {
            if (r.length != length) throw new IllegalArgumentException(r.length + " rewards for " + length + " steps");
        });
    }

    /** {@code list[list[float]]} JSON of a row-major array. */
    public static String json(float[] values, int length, int dim) {
        var out = new StringBuilder(values.length * 8 + 2).append('[');
        for (int t = 0; t < length; t++) {
            if (t > 0) out.append(',');
            out.append('[');
            for (int j = 0; j < dim; j++) {
                if (j > 0) out.append(',');
                append(out, values[t * dim + j]);
            }
            out.append(']');
        }
        return out.append(']').toString();
    }

    public static String json(float[] values) {
        var out = new StringBuilder(values.length * 8 + 2).append('[');
        for (int i = 0; i < values.length; i++) {
            if (i > 0) out.append(',');
            append(out, values[i]);
        }
        return out.append(']').toString();
    }

    private static void append(StringBuilder out, float v) {
        if (!Float.isFinite(v)) out.append("null"); // JSON has no NaN; statistics treat null as missing
        else if (v == (long) v && Math.abs(v) < 1e9) out.append((long) v);
        else out.append(v);
    }

    /** Reads the numbers back from a stored rollout's trajectory columns. */
    public static NumericTrajectory of(TrajectoryData t) {
        try {
            var actions = t.actions().isBlank() ? JSON.createArrayNode() : JSON.readTree(t.actions());
            var states = t.states().isPresent() ? JSON.readTree(t.states().get()) : JSON.createArrayNode();
            int length = Math.max(actions.size(), states.size());
            int a = actions.size() > 0 ? actions.get(0).size() : 0;
            int s = states.size() > 0 ? states.get(0).size() : 0;
            Optional<float[]> rewards = Optional.empty();
            if (t.rewards().isPresent()) {
                var r = JSON.readTree(t.rewards().get());
                if (r.size() == length) rewards = Optional.of(flat(r, length, 1, true));
            }
            return new NumericTrajectory(length, actions.size() == length ? a : 0, actions.size() == length ? flat(actions, length, a, false) : new float[0],
                    states.size() == length ? s : 0, states.size() == length ? flat(states, length, s, false) : new float[0],
                    rewards, Optional.empty(), Optional.empty(), t.fps().orElse(0.0));
        } catch (IOException e) {
            throw new IllegalArgumentException("unreadable trajectory JSON: " + e.getMessage(), e);
        }
    }

    private static float[] flat(JsonNode rows, int length, int dim, boolean scalar) {
        var out = new float[length * dim];
        for (int t = 0; t < length; t++) {
            if (scalar) out[t] = (float) rows.get(t).asDouble(Double.NaN);
            else for (int j = 0; j < dim; j++) out[t * dim + j] = (float) rows.get(t).path(j).asDouble(Double.NaN);
        }
        return out;
    }
}
