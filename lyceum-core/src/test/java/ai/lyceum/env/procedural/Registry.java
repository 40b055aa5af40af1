package ai.lyceum.env.procedural;

import ai.lyceum.env.Environments;
import java.util.Optional;
import java.util.OptionalInt;

/** Procedural environments as the shared registry makes them. */
final class Registry {
    private Registry() {}

    static ProceduralEnvironment procedural(String name, OptionalInt difficulty) {
        return (ProceduralEnvironment) Environments.create(name, Optional.empty(),
                Environments.Options.defaults().withDifficulty(difficulty));
    }
}
