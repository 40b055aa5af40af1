package ai.lyceum.train.env;

import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.IntFunction;

/** The built-in procedural environments by name, each at a chosen difficulty or its default. */
public final class ProceduralEnvironments {
    private record Entry(int defaultDifficulty, IntFunction<ProceduralEnvironment> factory) {}

    private static final Map<String, Entry> BUILT_IN = new TreeMap<>(Map.of(
            CipherEnvironment.NAME, new Entry(3, d -> new CipherEnvironment(2026, d, 0.01, 0.25, 512)),
            ArithmeticEnvironment.NAME, new Entry(3, d -> new ArithmeticEnvironment(2026, d, 512)),
            CountdownEnvironment.NAME, new Entry(3, CountdownEnvironment::of),
            RubricWritingEnvironment.NAME, new Entry(3, d -> new RubricWritingEnvironment(d, 0.4, 512))));

    private ProceduralEnvironments() {}

    public static Set<String> names() { return BUILT_IN.keySet(); }

    /** The environment called {@code name}, or empty when there is none. */
    public static Optional<ProceduralEnvironment> create(String name, OptionalInt difficulty) {
        var entry = BUILT_IN.get(name);
        if (entry == null) return Optional.empty();
        return Optional.of(entry.factory().apply(difficulty.orElse(entry.defaultDifficulty())));
    }
}
