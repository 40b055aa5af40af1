package ai.lyceum.train.model;

import java.util.List;

/**
 * How to sample from the embedded model.
 *
 * @param temperature 0 means greedy
 * @param topP        nucleus mass in (0, 1]; 1 keeps the whole distribution
 * @param maxTokens   new tokens at most
 * @param stop        generation of a row ends once its text ends with one of these; the text excludes it
 * @param stopAtEos   end a row at EOS (benchmarks turn this off so every row makes {@code maxTokens})
 */
public record SampleSettings(double temperature, double topP, int maxTokens, List<String> stop, boolean stopAtEos) {
    public SampleSettings {
        if (!(temperature >= 0) || Double.isInfinite(temperature)) {
            throw new IllegalArgumentException("temperature must be finite and >= 0, was " + temperature);
        }
        if (!(topP > 0 && topP <= 1)) throw new IllegalArgumentException("topP must be in (0, 1], was " + topP);
        if (maxTokens <= 0) throw new IllegalArgumentException("maxTokens must be positive, was " + maxTokens);
        stop = List.copyOf(stop);
        for (String s : stop) {
            if (s.isEmpty()) throw new IllegalArgumentException("a stop string must not be empty");
        }
    }

    /** Temperature 1, no nucleus cut, stop at EOS. */
    public static SampleSettings of(int maxTokens) { return new SampleSettings(1.0, 1.0, maxTokens, List.of(), true); }

    public SampleSettings withTemperature(double t) { return new SampleSettings(t, topP, maxTokens, stop, stopAtEos); }

    public SampleSettings withTopP(double p) { return new SampleSettings(temperature, p, maxTokens, stop, stopAtEos); }

    public SampleSettings withStop(List<String> s) { return new SampleSettings(temperature, topP, maxTokens, s, stopAtEos); }

    public SampleSettings ignoringEos() { return new SampleSettings(temperature, topP, maxTokens, stop, false); }
}
