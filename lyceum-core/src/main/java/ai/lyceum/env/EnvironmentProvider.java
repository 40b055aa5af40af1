package ai.lyceum.env;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A source of named environments, found through {@link java.util.ServiceLoader}: lyceum-core registers its data
 * sets and procedural generators, and any module on the class path may add its own in
 * {@code META-INF/services/ai.lyceum.env.EnvironmentProvider}. {@link Environments} is the one registry that
 * {@code eval}, {@code train}, {@code demo}, {@code serve} and ARES share.
 */
public interface EnvironmentProvider {
    /** The environments this provider offers. */
    List<Spec> environments();

    /** Makes an environment from an optional tasks file and the shared options. */
    @FunctionalInterface
    interface Factory {
        Environment create(Optional<Path> tasksFile, Environments.Options options);
    }

    /**
     * One named environment.
     *
     * @param description one line for {@code lyceum envs}
     */
    record Spec(String name, String description, Factory factory) {
        public Spec {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(description, "description");
            Objects.requireNonNull(factory, "factory");
        }
    }
}
