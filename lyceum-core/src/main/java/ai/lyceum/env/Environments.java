package ai.lyceum.env;

import ai.lyceum.env.gsm8k.Gsm8kEnvironment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * The built-in environments by name. Each is created from a tasks file: the one given by {@code --tasks}, or
 * its default file under the shared data directory.
 */
public final class Environments {
    private record Entry(String defaultFile, Function<Path, Environment> factory) {}

    private static final Map<String, Entry> BUILT_IN = new TreeMap<>(Map.of(
            Gsm8kEnvironment.NAME, new Entry(Gsm8kEnvironment.DEFAULT_FILE, Gsm8kEnvironment::create)));

    private Environments() {}

    public static java.util.Set<String> names() { return BUILT_IN.keySet(); }

    /**
     * @param tasksFile overrides the environment's default data file
     * @param dataDir   where default data files live (the project's {@code ../shared/data})
     */
    public static Environment create(String name, Optional<Path> tasksFile, Path dataDir) {
        var entry = BUILT_IN.get(name);
        if (entry == null) {
            throw new IllegalArgumentException("unknown environment '" + name + "'; built in: " + names());
        }
        var file = tasksFile.orElseGet(() -> dataDir.resolve(entry.defaultFile()));
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("environment '" + name + "' needs its tasks file " + file
                    + (tasksFile.isPresent() ? "" : "; set --data-dir or LYCEUM_DATA, or pass --tasks FILE"));
        }
        return entry.factory().apply(file);
    }

    /** The shared data directory: {@code LYCEUM_DATA}, else {@code <lyceum.root>/../shared/data}. */
    public static Path defaultDataDir() {
        var fromEnv = System.getenv("LYCEUM_DATA");
        if (fromEnv != null && !fromEnv.isBlank()) return Path.of(fromEnv);
        var root = Path.of(System.getProperty("lyceum.root", ".")).toAbsolutePath().normalize();
        return root.resolveSibling("shared").resolve("data");
    }
}
