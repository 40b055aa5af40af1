package ai.lyceum.bench.swebench;

import java.nio.file.Path;

/** Where the tests find ../shared/data/swe_bench_pro (never copied into the repository). */
public final class SharedData {
    private SharedData() {}

    public static Path sweBenchPro() {
        var root = Path.of(System.getProperty("lyceum.root", "..")).toAbsolutePath().normalize();
        return root.resolve("../shared/data/swe_bench_pro").normalize();
    }
}
