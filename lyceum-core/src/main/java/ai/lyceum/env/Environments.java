package ai.lyceum.env;

import ai.lyceum.env.choice.MmluStemEnvironment;
import ai.lyceum.env.code.CodeEnvironments;
import ai.lyceum.env.math.MathEnvironments;
import ai.lyceum.sandbox.SandboxLimits;
import ai.lyceum.sandbox.SandboxProvider;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * The built-in environments by name. Each is created from a tasks file: the one given by {@code --tasks}, or
 * its default file under the shared data directory.
 */
public final class Environments {
    /** What an environment may need beyond its tasks file. */
    public record Options(Path dataDir, String sandbox) {
        public static Options defaults() { return new Options(defaultDataDir(), SandboxProvider.DEFAULT); }
    }

    @FunctionalInterface
    private interface Factory {
        Environment create(Path file, Options options);
    }

    private record Entry(String defaultFile, Factory factory) {}

    private static final Map<String, Entry> BUILT_IN = new TreeMap<>(Map.of(
            "gsm8k", new Entry("gsm8k/test.jsonl", (f, o) -> MathEnvironments.gsm8k(f)),
            "math500", new Entry("math500/test.jsonl", (f, o) -> MathEnvironments.math500(f)),
            "aime24", new Entry("math_competition/aime24_test.jsonl", (f, o) -> MathEnvironments.aime24(f)),
            "amc23", new Entry("math_competition/amc23_test.jsonl", (f, o) -> MathEnvironments.amc23(f)),
            "minerva", new Entry("math_competition/minerva_math_test.jsonl", (f, o) -> MathEnvironments.minerva(f)),
            MmluStemEnvironment.NAME, new Entry("mmlu/mmlu_stem_test.jsonl", (f, o) -> MmluStemEnvironment.create(f)),
            "humaneval", new Entry("humaneval/HumanEval.jsonl.gz",
                    (f, o) -> CodeEnvironments.humaneval(f, SandboxProvider.named(o.sandbox()).open(SandboxLimits.DEFAULT))),
            "mbpp", new Entry("mbpp/mbpp_sanitized_427.jsonl",
                    (f, o) -> CodeEnvironments.mbpp(f, SandboxProvider.named(o.sandbox()).open(SandboxLimits.DEFAULT)))));

    private Environments() {}

    public static Set<String> names() { return BUILT_IN.keySet(); }

    /** @param tasksFile overrides the environment's default data file */
    public static Environment create(String name, Optional<Path> tasksFile, Options options) {
        var entry = BUILT_IN.get(name);
        if (entry == null) {
            throw new IllegalArgumentException("unknown environment '" + name + "'; built in: " + names());
        }
        var file = tasksFile.orElseGet(() -> options.dataDir().resolve(entry.defaultFile()));
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("environment '" + name + "' needs its tasks file " + file
                    + (tasksFile.isPresent() ? "" : "; set --data-dir or LYCEUM_DATA, or pass --tasks FILE"));
        }
        try {
            return entry.factory().create(file, options);
        } catch (IllegalStateException e) { // a sandbox that cannot run here names its fix
            throw new IllegalArgumentException("environment '" + name + "': " + e.getMessage(), e);
        }
    }

    /** The shared data directory: {@code LYCEUM_DATA}, else {@code <lyceum.root>/../shared/data}. */
    public static Path defaultDataDir() {
        var fromEnv = System.getenv("LYCEUM_DATA");
        if (fromEnv != null && !fromEnv.isBlank()) return Path.of(fromEnv);
        var root = Path.of(System.getProperty("lyceum.root", ".")).toAbsolutePath().normalize();
        return root.resolveSibling("shared").resolve("data");
    }
}
