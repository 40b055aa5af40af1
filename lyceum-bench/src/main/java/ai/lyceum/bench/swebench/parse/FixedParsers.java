package ai.lyceum.bench.swebench.parse;

import static ai.lyceum.bench.swebench.parse.TestStatus.ERROR;
import static ai.lyceum.bench.swebench.parse.TestStatus.FAILED;
import static ai.lyceum.bench.swebench.parse.TestStatus.PASSED;
import static ai.lyceum.bench.swebench.parse.TestStatus.SKIPPED;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Lyceum's own parser per family ({@code --mode fixed}), without the official parsers' quirks (spec §6.1): logs are
 * decoded leniently (an invalid byte never loses the run), subtests, failures and skips are all kept, names keep
 * spaces, a test's last status wins, and a test started but never finished (a panic, a timeout) is FAILED.
 */
public final class FixedParsers {
    private FixedParsers() {}

    /** The fixed parser for a family, when there is one (not for ospec, whose logs do not name tests). */
    public static Optional<OfficialParser.Body> forFamily(String family) {
        return Optional.ofNullable(switch (family) {
            case "go-v" -> FixedParsers::goVerbose;
            case "go-json" -> FixedParsers::goJson;
            case "pytest", "ansible-test" -> FixedParsers::pytest;
            case "mocha-json" -> FixedParsers::mocha;
            case "jest-verbose" -> FixedParsers::jestVerbose;
            default -> null;
        });
    }

    /** Lenient decoding: invalid UTF-8 becomes U+FFFD instead of crashing the parse. */
    public static String decode(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8).replace("\r\n", "\n").replace('\r', '\n');
    }

    private static final Pattern ANSI = Pattern.compile("\u001b\\[[0-9;]*[A-Za-z]");
    private static final Pattern GO_RUN = Pattern.compile("^\\s*=== RUN\\s+(\\S+)");
    private static final Pattern GO_RESULT = Pattern.compile("^\\s*--- (PASS|FAIL|SKIP): (\\S+)");

    static List<TestResult> goVerbose(String stdout, String stderr) {
        var status = new LinkedHashMap<String, TestStatus>();
        for (var raw : (stdout + "\n" + stderr).split("\n")) {
            var line = ANSI.matcher(raw).replaceAll("");
            var run = GO_RUN.matcher(line);
            if (run.find()) { status.putIfAbsent(run.group(1), ERROR); continue; }
            var m = GO_RESULT.matcher(line);
            if (m.find()) status.put(m.group(2), GoParsers.goStatus(m.group(1)));
        }
        return unfinishedFailed(status);
    }

    static List<TestResult> goJson(String stdout, String stderr) {
        var status = new LinkedHashMap<String, TestStatus>();
        for (var line : stdout.split("\n")) {
            Object data;
            try {
                data = PyJson.loads(line);
            } catch (PyJson.DecodeError e) {
                continue;
            }
            if (!(data instanceof Map<?, ?> map) || !(map.get("Test") instanceof String test)) continue;
            switch (String.valueOf(map.get("Action"))) {
                case "run" -> status.putIfAbsent(test, ERROR);
                case "pass" -> status.put(test, PASSED);
                case "fail" -> status.put(test, FAILED);
                case "skip" -> status.put(test, SKIPPED);
                default -> { }
            }
        }
        if (status.isEmpty()) return goVerbose(stdout, stderr);
        return unfinishedFailed(status);
    }

    private static List<TestResult> unfinishedFailed(Map<String, TestStatus> status) {
        var out = new ArrayList<TestResult>();
        status.forEach((name, s) -> out.add(new TestResult(name, s == ERROR ? FAILED : s)));
        return out;
    }

    // A node id runs to the status word; ids may hold spaces inside [params].
    private static final Pattern PYTEST_LINE = Pattern.compile(
            "^(?:\\[gw\\d+\\]\\s+\\[\\s*\\d+%\\]\\s+(PASSED|FAILED|SKIPPED|ERROR|XFAIL|XPASS)\\s+(\\S+\\.py::(?:[^\\[\\s]+)(?:\\[.*?\\])?)"
                    + "|(\\S+\\.py::(?:[^\\[\\s]+)(?:\\[.*?\\])?)\\s+(PASSED|FAILED|SKIPPED|ERROR|XFAIL|XPASS)\\b)");

    /** pytest {@code -v} lines and the xdist form; XFAIL is an expected outcome (PASSED), XPASS a surprise (FAILED). */
    static List<TestResult> pytest(String stdout, String stderr) {
        var status = new LinkedHashMap<String, TestStatus>();
        for (var line : (stdout + "\n" + stderr).split("\n")) {
            var m = PYTEST_LINE.matcher(ANSI.matcher(line).replaceAll(""));
            if (!m.find()) continue;
            var name = m.group(2) != null ? m.group(2) : m.group(3);
            var word = m.group(1) != null ? m.group(1) : m.group(4);
            status.put(name, switch (word) {
                case "PASSED", "XFAIL" -> PASSED;
                case "FAILED", "XPASS" -> FAILED;
                case "SKIPPED" -> SKIPPED;
                default -> ERROR;
            });
        }
        var out = new ArrayList<TestResult>();
        status.forEach((name, s) -> out.add(new TestResult(name, s)));
        return out;
    }

    /** The last mocha JSON report that parses: found by trying every line that opens a top-level object. */
    static List<TestResult> mocha(String stdout, String stderr) {
        var lines = stdout.split("\n", -1);
        for (int start = lines.length - 1; start >= 0; start--) {
            if (!lines[start].equals("{")) continue;
            var text = String.join("\n", java.util.Arrays.copyOfRange(lines, start, lines.length));
            var end = text.lastIndexOf("\n}");
            if (end < 0) continue;
            Object report;
            try {
                report = PyJson.loads(text.substring(0, end + 2));
            } catch (PyJson.DecodeError e) {
                continue;
            }
            if (!(report instanceof Map<?, ?> map) || !map.containsKey("stats")) continue;
            var out = new LinkedHashMap<String, TestStatus>();
            for (var key : List.of("passes", "pending", "failures")) {
                if (!(map.get(key) instanceof List<?> tests)) continue;
                for (var t : tests) {
                    if (!(t instanceof Map<?, ?> test)) continue;
                    var file = test.get("file") instanceof String f ? f.replaceFirst("^/app/", "") : "";
                    var title = test.get("fullTitle") instanceof String s ? s : "";
                    if (!file.isEmpty() && title.startsWith(file + "::")) title = title.substring(file.length() + 2);
                    out.put(file + " | " + title, key.equals("passes") ? PASSED : key.equals("pending") ? SKIPPED : FAILED);
                }
            }
            var results = new ArrayList<TestResult>();
            out.forEach((name, s) -> results.add(new TestResult(name, s)));
            return results;
        }
        return List.of();
    }

    private static final Pattern JEST_FILE = Pattern.compile("^\\s*(PASS|FAIL)\\s+(\\S+)");
    private static final Pattern JEST_CASE = Pattern.compile("^(\\s*)([✓✔✕✗×○✎])\\s+(?:skipped\\s+|todo\\s+)?(.+?)(?:\\s+\\(\\d+(?:\\.\\d+)?\\s*m?s\\))?$");

    /** jest {@code --verbose} from stdout and stderr: ✕/✗/× are failures, the describe path comes from indentation. */
    static List<TestResult> jestVerbose(String stdout, String stderr) {
        var status = new LinkedHashMap<String, TestStatus>();
        for (var text : List.of(stderr, stdout)) {
            String file = null;
            var describe = new ArrayList<String[]>(); // {indent, title}
            for (var line : text.split("\n")) {
                var f = JEST_FILE.matcher(line);
                if (f.find()) { file = f.group(2); describe.clear(); continue; }
                if (file == null || line.isBlank()) continue;
                var c = JEST_CASE.matcher(line);
                int indent = line.length() - line.stripLeading().length();
                while (!describe.isEmpty() && Integer.parseInt(describe.getLast()[0]) >= indent) describe.removeLast();
                if (c.find()) {
                    var parts = new ArrayList<String>();
                    parts.add(file);
                    describe.forEach(d -> parts.add(d[1]));
                    parts.add(c.group(3));
                    status.put(String.join(" | ", parts), switch (c.group(2)) {
                        case "✓", "✔" -> PASSED;
                        case "○", "✎" -> SKIPPED;
                        default -> FAILED;
                    });
                } else if (indent >= 2 && !line.strip().startsWith("●") && !line.strip().startsWith("console.")) {
                    describe.add(new String[] {Integer.toString(indent), line.strip()});
                } else if (indent < 2) {
                    file = null;
                }
            }
        }
        var out = new ArrayList<TestResult>();
        status.forEach((name, s) -> out.add(new TestResult(name, s)));
        return out;
    }
}
