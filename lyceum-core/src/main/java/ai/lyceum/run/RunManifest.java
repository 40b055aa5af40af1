package ai.lyceum.run;

import java.util.Objects;

/**
 * What a run is: enough to refuse a {@code --resume} that would mix two different experiments in one store.
 *
 * @param environment the environment name
 * @param tasksFile   the data file the tasks came from
 * @param policy      the policy's description (never a secret)
 * @param samples     samples per task (k)
 * @param limit       how many tasks (0 = all)
 * @param seed        the run seed
 * @param sampling    sampling settings the user set over the environment's ({@code temperature=0.0}); empty if none
 *                    (and in manifests written before it was recorded)
 */
public record RunManifest(String environment, String tasksFile, String policy, int samples, int limit, long seed,
                          String sampling) {
    public RunManifest(String environment, String tasksFile, String policy, int samples, int limit, long seed) {
        this(environment, tasksFile, policy, samples, limit, seed, "");
    }

    public RunManifest {
        if (sampling == null) sampling = "";
        Objects.requireNonNull(environment, "environment");
        Objects.requireNonNull(tasksFile, "tasksFile");
        Objects.requireNonNull(policy, "policy");
        if (samples < 1) throw new IllegalArgumentException("samples must be >= 1, was " + samples);
        if (limit < 0) throw new IllegalArgumentException("limit must be >= 0, was " + limit);
    }

    /** Names the first setting in which {@code other} differs, so the user knows what to fix. */
    public java.util.Optional<String> mismatch(RunManifest other) {
        if (!environment.equals(other.environment)) return diff("env", environment, other.environment);
        if (!tasksFile.equals(other.tasksFile)) return diff("tasks", tasksFile, other.tasksFile);
        if (!policy.equals(other.policy)) return diff("policy", policy, other.policy);
        if (samples != other.samples) return diff("samples", samples, other.samples);
        if (limit != other.limit) return diff("limit", limit, other.limit);
        if (seed != other.seed) return diff("seed", seed, other.seed);
        if (!sampling.equals(other.sampling)) {
            return java.util.Optional.of("sampling was '" + sampling + "' in the stored run but is '" + other.sampling + "' now");
        }
        return java.util.Optional.empty();
    }

    private static java.util.Optional<String> diff(String what, Object stored, Object given) {
        return java.util.Optional.of("--" + what + " was " + stored + " in the stored run but is " + given + " now");
    }
}
