package ai.lyceum.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;

/** Run directories the CLI replaces or throws away (the demo's, a benchmark's scratch store). */
final class Directories {
    private Directories() {}

    /** Deletes {@code dir} and everything under it; nothing happens when it does not exist. */
    static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) return;
        try (var paths = Files.walk(dir)) {
            for (var p : paths.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
        }
    }
}
