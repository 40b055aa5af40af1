package ai.lyceum.bench.swebench.parse;

import static org.assertj.core.api.Assertions.assertThat;

import ai.lyceum.bench.swebench.SharedData;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every Java port against the official parser.py it ports, run unchanged by Debian's python3 on the same logs:
 * the output.json bytes must be identical, or both must crash with the same exception class.
 */
class ParserParityTest {
    private static final Path PYTHON = Path.of("/usr/bin/python3");

    @TempDir
    Path tmp;

    @Test
    void everyPortMatchesItsOfficialParserOnEveryLog() throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(PYTHON), "no /usr/bin/python3: parser parity not checked");
        var scripts = SharedData.sweBenchPro().resolve("run_scripts");
        Assumptions.assumeTrue(Files.isDirectory(scripts), "no shared run_scripts");
        var driver = tmp.resolve("parity_driver.py");
        try (var in = getClass().getResourceAsStream("/swebench/parity_driver.py")) {
            Files.copy(in, driver);
        }
        Map<String, int[]> perFamily = new TreeMap<>(); // family -> {logs compared, parsers, with tests, crashes}
        var mismatches = new ArrayList<String>();
        long pythonNanos = 0, javaNanos = 0;
        for (var parser : OfficialParsers.all()) {
            var parserPy = scripts.resolve(parser.exampleInstance()).resolve("parser.py");
            assertThat(parserPy).as("shared parser for " + parser.blob()).exists();
            assertThat(OfficialParsers.gitBlobId(Files.readAllBytes(parserPy))).isEqualTo(parser.blob());
            var logs = ParityLogs.forFamily(parser.family());
            var cases = tmp.resolve(parser.blob());
            for (int i = 0; i < logs.size(); i++) {
                var dir = Files.createDirectories(cases.resolve(String.format("%03d", i)));
                Files.write(dir.resolve("stdout.log"), logs.get(i).stdout());
                Files.write(dir.resolve("stderr.log"), logs.get(i).stderr());
            }
            long t0 = System.nanoTime();
            runPython(driver, parserPy, cases);
            pythonNanos += System.nanoTime() - t0;
            t0 = System.nanoTime();
            for (int i = 0; i < logs.size(); i++) {
                var dir = cases.resolve(String.format("%03d", i));
                var expected = expected(dir);
                var actual = java(parser, logs.get(i));
                if (!equivalent(parser, expected, actual)) {
                    mismatches.add(parser.family() + " " + parser.exampleInstance() + " log " + logs.get(i).name()
                            + "\n  python: " + expected + "\n  java:   " + actual);
                }
            }
            javaNanos += System.nanoTime() - t0;
            var counts = perFamily.computeIfAbsent(parser.family(), f -> new int[4]);
            counts[0] += logs.size();
            counts[1]++;
            for (int i = 0; i < logs.size(); i++) {
                var expected = expected(cases.resolve(String.format("%03d", i)));
                if (expected.startsWith("CRASH")) counts[3]++;
                else if (expected.contains("\"name\"")) counts[2]++;
            }
        }
        perFamily.forEach((family, c) -> System.out.printf(
                "parity %-13s %2d parser(s), %4d logs compared: %4d with tests, %3d official crashes, 0 mismatches%n",
                family, c[1], c[0], c[2], c[3]));
        System.out.printf("parity: python3 %.1f s, java %.1f s%n", pythonNanos / 1e9, javaNanos / 1e9);
        assertThat(mismatches).as(String.join("\n", mismatches.subList(0, Math.min(8, mismatches.size())))).isEmpty();
        assertThat(perFamily).containsOnlyKeys("go-v", "go-json", "pytest", "ansible-test", "mocha-json", "jest-verbose", "jest-json", "ospec");
        perFamily.values().forEach(c -> assertThat(c[0] / c[1]).isGreaterThanOrEqualTo(50));
        // Every parser.py in the shared run scripts has a port.
        try (var dirs = Files.list(scripts)) {
            for (var dir : dirs.filter(Files::isDirectory).toList()) {
                var blob = OfficialParsers.gitBlobId(Files.readAllBytes(dir.resolve("parser.py")));
                assertThat(OfficialParsers.byBlob(blob)).as("port of " + dir.getFileName()).isPresent();
            }
        }
    }

    private static void runPython(Path driver, Path parserPy, Path cases) throws IOException, InterruptedException {
        var pb = new ProcessBuilder(PYTHON.toString(), driver.toString(), parserPy.toString(), cases.toString())
                .redirectErrorStream(true);
        pb.environment().put("LC_ALL", "C.UTF-8");
        pb.environment().put("PYTHONHASHSEED", "0");
        var p = pb.start();
        var output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(output).isZero();
    }

    private static String expected(Path dir) throws IOException {
        var crash = dir.resolve("python.crash");
        if (Files.exists(crash)) return "CRASH " + Files.readString(crash);
        return Files.readString(dir.resolve("python.json"), StandardCharsets.UTF_8);
    }

    private static String java(OfficialParser parser, ParityLogs.Log log) {
        try {
            return OutputJson.write(parser.run(log.stdout(), log.stderr()));
        } catch (ParserCrash e) {
            return "CRASH " + e.pythonType();
        }
    }

    /** Byte equality; one parser iterates a Python set in a fallback, so there the entries may come in any order. */
    private static boolean equivalent(OfficialParser parser, String expected, String actual) {
        if (expected.equals(actual)) return true;
        if (!SET_ORDERED.contains(parser.blob())) return false;
        return sortedLines(expected).equals(sortedLines(actual));
    }

    /** The two parsers that iterate a Python set in a fallback (protonmail's file list, tutanota's file list). */
    private static final java.util.Set<String> SET_ORDERED = java.util.Set.of(
            "c045540621b48cc943844d2fc1dfb3fa24c4f844", "498b03cce678c9c82a354ebee019800bf026ab65");

    private static List<String> sortedLines(String json) {
        return json.lines().map(l -> l.replaceAll(",$", "")).sorted().toList();
    }
}
