package ai.lyceum.env;

import ai.lyceum.sandbox.SandboxProvider;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeMap;

/** Every environment on the class path by name, from the {@link EnvironmentProvider}s that {@link ServiceLoader} finds. */
public final class Environments {
    /**
     * What an environment may need beyond its tasks file.
     *
     * @param dataDir    where data-set environments find their default tasks file
     * @param sandbox    the sandbox provider code environments run answers in
     * @param difficulty the difficulty knob of a procedural environment (its own default when empty)
     */
    public record Options(Path dataDir, String sandbox, OptionalInt difficulty) {
        public Options(Path dataDir, String sandbox) { this(dataDir, sandbox, OptionalInt.empty()); }

        public static Options defaults() { return new Options(defaultDataDir(), SandboxProvider.DEFAULT); }

        public Options withDifficulty(OptionalInt d) { return new Options(dataDir, sandbox, d); }
    }

    private static final Map<String, EnvironmentProvider.Spec> ALL = load();

    private Environments() {}

    private static Map<String, EnvironmentProvider.Spec> load() {
        var all = new TreeMap<String, EnvironmentProvider.Spec>();
        for (var provider : ServiceLoader.load(EnvironmentProvider.class, Environments.class.getClassLoader())) {
            for (var spec : provider.environments()) {
                var clash = all.put(spec.name(), spec);
                if (clash != null) {
                    throw new IllegalStateException("two environments are called '" + spec.name() + "' ("
                            + provider.getClass().getName() + " and another provider)");
                }
            }
        }
        return Collections.unmodifiableMap(all);
    }

    public static Set<String> names() { return ALL.keySet(); }

    /** Each environment's one-line description, by name. */
    public static Map<String, String> descriptions() {
        var out = new LinkedHashMap<String, String>();
        ALL.forEach((name, spec) -> out.put(name, spec.description()));
        return out;
    }

    /** Whether {@link #create} knows {@code name}: a registered environment, or one with {@link #FEEDBACK_SUFFIX}. */
    public static boolean exists(String name) {
        return ALL.containsKey(name) || name.endsWith(FEEDBACK_SUFFIX)
                && ALL.containsKey(name.substring(0, name.length() - FEEDBACK_SUFFIX.length()));
    }

    /** Appended to any environment's name: its tasks as teacher-feedback episodes ({@code mbpp+feedback}). */
    public static final String FEEDBACK_SUFFIX = "+feedback";

    /**
     * @param tasksFile overrides the environment's default data file
     * @param name      a registered name, or one with {@link #FEEDBACK_SUFFIX}: the base's tasks as feedback episodes (3
     *                  attempts, error feedback, the teacher role played by whatever policy the caller gives it)
     */
    public static Environment create(String name, Optional<Path> tasksFile, Options options) {
        if (!ALL.containsKey(name) && exists(name)) {
            var base = create(name.substring(0, name.length() - FEEDBACK_SUFFIX.length()), tasksFile, options);
            // Procedural environments' models read guidance as a hint before the prompt; data sets converse.
            var retry = base instanceof ai.lyceum.env.procedural.ProceduralEnvironment
                    ? ai.lyceum.env.feedback.FeedbackEnvironment.RetryContext.HINT
                    : ai.lyceum.env.feedback.FeedbackEnvironment.RetryContext.CONVERSATION;
            return new ai.lyceum.env.feedback.FeedbackEnvironment(base, 3, ai.lyceum.env.feedback.GuidanceKind.ERROR, retry,
                    ai.lyceum.policy.Sampling.DEFAULT.withMaxTokens(256), 4000, false).closingBase();
        }
        var spec = ALL.get(name);
        if (spec == null) throw new IllegalArgumentException("unknown environment '" + name + "'; known: " + names());
        return spec.factory().create(tasksFile, options);
    }

    /** The shared data directory: {@code LYCEUM_DATA}, else {@code <lyceum.root>/../shared/data}. */
    public static Path defaultDataDir() {
        var fromEnv = System.getenv("LYCEUM_DATA");
        if (fromEnv != null && !fromEnv.isBlank()) return Path.of(fromEnv);
        var root = Path.of(System.getProperty("lyceum.root", ".")).toAbsolutePath().normalize();
        return root.resolveSibling("shared").resolve("data");
    }
}
