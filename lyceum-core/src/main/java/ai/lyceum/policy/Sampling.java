package ai.lyceum.policy;

import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * Sampling settings. Absent values leave the backend's default in place.
 *
 * @param wantTokens ask for token ids and per-token logprobs (a trainer needs them; an evaluation does not)
 */
public record Sampling(
        Optional<Double> temperature,
        Optional<Double> topP,
        OptionalInt maxTokens,
        List<String> stop,
        OptionalLong seed,
        boolean wantTokens) {

    public static final Sampling DEFAULT =
            new Sampling(Optional.empty(), Optional.empty(), OptionalInt.empty(), List.of(), OptionalLong.empty(), false);

    public Sampling {
        temperature.ifPresent(t -> {
            if (!(t >= 0)) throw new IllegalArgumentException("temperature must be >= 0, was " + t);
        });
        topP.ifPresent(p -> {
            if (!(p > 0 && p <= 1)) throw new IllegalArgumentException("top_p must be in (0, 1], was " + p);
        });
        maxTokens.ifPresent(m -> {
            if (m <= 0) throw new IllegalArgumentException("max tokens must be positive, was " + m);
        });
        stop = List.copyOf(stop);
    }

    /** These settings with every value {@code override} sets put in their place (a user's {@code --temperature}, say). */
    public Sampling overriddenBy(Sampling override) {
        return new Sampling(override.temperature.or(() -> temperature), override.topP.or(() -> topP),
                override.maxTokens.isPresent() ? override.maxTokens : maxTokens,
                override.stop.isEmpty() ? stop : override.stop,
                override.seed.isPresent() ? override.seed : seed, wantTokens || override.wantTokens);
    }

    /** The values set, as {@code temperature=0.0 top_p=0.9}; empty when none is. */
    public String describeSet() {
        var parts = new java.util.ArrayList<String>();
        temperature.ifPresent(t -> parts.add("temperature=" + t));
        topP.ifPresent(p -> parts.add("top_p=" + p));
        maxTokens.ifPresent(m -> parts.add("max_tokens=" + m));
        if (!stop.isEmpty()) parts.add("stop=" + stop);
        seed.ifPresent(s -> parts.add("seed=" + s));
        if (wantTokens) parts.add("tokens");
        return String.join(" ", parts);
    }

    public Sampling withTopP(double p) {
        return new Sampling(temperature, Optional.of(p), maxTokens, stop, seed, wantTokens);
    }

    public Sampling withSeed(long seed) {
        return new Sampling(temperature, topP, maxTokens, stop, OptionalLong.of(seed), wantTokens);
    }

    public Sampling withTemperature(double t) {
        return new Sampling(Optional.of(t), topP, maxTokens, stop, seed, wantTokens);
    }

    public Sampling withMaxTokens(int max) {
        return new Sampling(temperature, topP, OptionalInt.of(max), stop, seed, wantTokens);
    }
}
