package ai.lyceum.sandbox;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** Checks, once per language, that the host has what a run needs, so a missing runtime is a sandbox error that names it. */
final class Interpreters {
    private static final ConcurrentHashMap<Language, Optional<String>> MISSING = new ConcurrentHashMap<>();

    private Interpreters() {}

    /** Why {@code language} cannot run here, if it cannot. */
    static Optional<String> missing(Language language) {
        return MISSING.computeIfAbsent(language, Interpreters::probe);
    }

    /** The first executable called {@code name} on the sandbox {@code PATH}. */
    static Optional<Path> find(String name) {
        for (var dir : ProcessSandbox.PATH.split(":")) {
            var candidate = Path.of(dir, name);
            if (Files.isExecutable(candidate)) return Optional.of(candidate);
        }
        return Optional.empty();
    }

    private static Optional<String> probe(Language language) {
        if (!Files.isExecutable(Path.of("/usr/bin/prlimit"))) {
            return Optional.of("/usr/bin/prlimit is missing; install util-linux (apt-get install -y util-linux)");
        }
        if (!Files.isExecutable(Path.of("/bin/sh"))) return Optional.of("/bin/sh is missing");
        var executable = language.executable();
        if (find(executable).isEmpty()) {
            return Optional.of(executable + " not found in " + ProcessSandbox.PATH + "; install it to run "
                    + language.name().toLowerCase(java.util.Locale.ROOT) + " programs");
        }
        return Optional.empty();
    }
}
