package ai.lyceum;

import java.nio.file.Path;

/** Where tests find the shared data sets: {@code <project root>/../shared/data}. */
public final class SharedData {
    private SharedData() {}

    public static Path dir() {
        var root = Path.of(System.getProperty("lyceum.root", "..")).toAbsolutePath().normalize();
        return root.resolveSibling("shared").resolve("data");
    }

    public static Path file(String relative) { return dir().resolve(relative); }
}
