package ai.lyceum.ares.annotate;

import java.util.ArrayList;
import java.util.List;

/**
 * Which frames a model sees: one every {@code 1 / perSecond} seconds of the episode, thinned evenly to at most
 * {@code maxFrames} (a model's context and the request size bound it). Without a known frame rate the episode is
 * covered evenly by {@code maxFrames} frames, since a rate in seconds cannot be honoured.
 */
public record FrameSampling(double perSecond, int maxFrames) {
    public FrameSampling {
        if (!(perSecond > 0) || Double.isInfinite(perSecond)) throw new IllegalArgumentException("frame rate must be > 0, was " + perSecond);
        if (maxFrames < 1) throw new IllegalArgumentException("max frames must be >= 1, was " + maxFrames);
    }

    /** Frame indices in increasing order, always including the first frame. */
    public List<Integer> indices(int length, double fps) {
        if (length <= 0) return List.of();
        var all = new ArrayList<Integer>();
        if (fps > 0) {
            int step = Math.max(1, (int) Math.round(fps / perSecond));
            for (int i = 0; i < length; i += step) all.add(i);
        } else {
            for (int i = 0; i < length; i++) all.add(i);
        }
        if (all.size() <= maxFrames) return List.copyOf(all);
        var out = new ArrayList<Integer>(maxFrames);
        if (maxFrames == 1) return List.of(all.get(0));
        for (int k = 0; k < maxFrames; k++) {
            int pick = all.get((int) Math.round((double) k * (all.size() - 1) / (maxFrames - 1)));
            if (out.isEmpty() || out.get(out.size() - 1) != pick) out.add(pick);
        }
        return List.copyOf(out);
    }
}
