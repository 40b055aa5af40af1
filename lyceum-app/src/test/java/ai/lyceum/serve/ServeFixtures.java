package ai.lyceum.serve;

import ai.lyceum.env.Environments;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.Optional;

/** Environments the serving tests run: small task files under test resources, read through the built-ins. */
final class ServeFixtures {
    private ServeFixtures() {}

    static Path resource(String name) {
        try {
            return Path.of(ServeFixtures.class.getResource("/serve/" + name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static ServedEnvironment builtIn(String env, String tasksFile) throws Exception {
        return new ServedEnvironment(Environments.create(env, Optional.of(resource(tasksFile)), Environments.Options.defaults()));
    }
}
