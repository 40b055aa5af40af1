package ai.lyceum.view;

import ai.lyceum.run.RunStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/** The runs the viewer shows: each argument is a run directory (it holds {@code run.db}) or a folder of them. */
final class RunDirectories {
    private RunDirectories() {}

    /** Run id (the directory's name, made unique) → directory, in the order given. */
    static Map<String, Path> find(List<Path> roots) throws IOException {
        var found = new ArrayList<Path>();
        for (var root : roots) {
            if (Files.isRegularFile(root.resolve(RunStore.FILE_NAME))) {
                found.add(root);
            } else if (Files.isDirectory(root)) {
                try (Stream<Path> children = Files.list(root)) {
                    children.filter(c -> Files.isRegularFile(c.resolve(RunStore.FILE_NAME))).sorted().forEach(found::add);
                }
            } else {
                throw new IllegalArgumentException(root + ": no such directory");
            }
        }
        if (found.isEmpty()) {
            throw new IllegalArgumentException("no run directory (one holding " + RunStore.FILE_NAME + ") in or under " + roots
                    + "; run 'lyceum eval ... --out DIR' or 'lyceum train ... --out DIR' first");
        }
        var byId = new LinkedHashMap<String, Path>();
        for (var dir : found) {
            var name = dir.toAbsolutePath().normalize().getFileName().toString();
            var id = name;
            for (int n = 2; byId.containsKey(id); n++) id = name + "-" + n;
            byId.put(id, dir);
        }
        return byId;
    }
}
