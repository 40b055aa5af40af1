package ai.lyceum.bench.swebench.parse;

import static ai.lyceum.bench.swebench.parse.TestStatus.ERROR;
import static ai.lyceum.bench.swebench.parse.TestStatus.FAILED;
import static ai.lyceum.bench.swebench.parse.TestStatus.PASSED;
import static ai.lyceum.bench.swebench.parse.TestStatus.SKIPPED;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/** Ports of the official Go parsers ({@code go test -v} text and {@code go test -json}). */
final class GoParsers {
    private GoParsers() {}

    static List<OfficialParser> all() {
        return List.of(
                new OfficialParser("1247cf102660c9e2bfb3166734dbf676ad1e5373", "go-v",
                        "instance_flipt-io__flipt-02e21636c58e86c51119b63e0fb5ca7b813b07b1", GoParsers::topLevelPassOnly, false),
                new OfficialParser("f08ad0a42715bc1ecfff24f97a247f54d95f4624", "go-v",
                        "instance_navidrome__navidrome-0130c6dc13438b48cf0fdfab08a89e357b5517c9", GoParsers::navidrome, true),
                new OfficialParser("ef6d93dd14973b2aa954dd515ab7394398bed21a", "go-v",
                        "instance_future-architect__vuls-01441351c3407abfc21c48a38e28828e1b504e0c", GoParsers::thirdField, false),
                new OfficialParser("422a87ef30edf8026e1303fae4443beaaf80d32c", "go-v",
                        "instance_gravitational__teleport-007235446f85b1cbaef92664c3b3867517250f21", GoParsers::firstSeenWithPanics, false),
                new OfficialParser("80854cd55c11d2b49591c8756c236f8454282fbf", "go-v",
                        "instance_gravitational__teleport-87a593518b6ce94624f6c28516ce38cc30cbea5a", GoParsers::firstSeenWithPanics, false),
                new OfficialParser("7466bab0bfb5e1f44b689dbe33ea2434589ecc82", "go-v",
                        "instance_future-architect__vuls-e1fab805afcfc92a2a615371d0ec1e667503c254-v264a82e2f4818e30f5a25e4da53b27ba119f62b5",
                        GoParsers::wordNamesLastWins, false),
                new OfficialParser("c0c363a368aa9114ed1648e8345f9b6c490ef608", "go-v",
                        "instance_gravitational__teleport-02d1efb8560a1aa1c72cfb1c08edd8b84a9511b4-vce94f93ad1030e3136852817f2423c1b3ac37bc4",
                        GoParsers::perRunLine, false),
                new OfficialParser("e13eeb68225af6ccf234c0c2c8de400413b30232", "go-v",
                        "instance_navidrome__navidrome-029290f3046a584ccf91f8bace3eec0501d2041e",
                        new OfficialParser.Broken("SyntaxError", "'[' was never closed"), false),
                new OfficialParser("1acf2b464f78e4757eb017bc3591ce667e56f226", "go-json",
                        "instance_gravitational__teleport-005dcb16bacc6a5d5890c4cd302ccfd4298e275d-vee9b09fb20c43af7e520f57e9239bbcf46b7113d",
                        GoParsers::goJson, false));
    }

    private static final Pattern PASS_ONLY = PyRe.compile("^--- (PASS):\\s*(\\S+)\\s*\\(.*\\)$");

    /** flipt: only top-level {@code --- PASS} lines; failures, skips and subtests never appear. */
    static List<TestResult> topLevelPassOnly(String stdout, String stderr) {
        var out = new ArrayList<TestResult>();
        for (var line : PyText.splitlines(stdout)) {
            var m = PyRe.match(PASS_ONLY, line);
            if (m != null) out.add(new TestResult(m.group(2), PASSED));
        }
        return out;
    }

    private static final Pattern NAVIDROME = PyRe.compile(
            "^\\s*--- (?P<status>PASS|FAIL|SKIP|ERROR):\\s+(?P<test_name>.+?)\\s+\\(.*\\)$");

    static List<TestResult> navidrome(String stdout, String stderr) {
        var out = new ArrayList<TestResult>();
        for (var line : PyText.splitlines(stdout)) {
            var m = PyRe.match(NAVIDROME, line);
            if (m != null) out.add(new TestResult(PyText.strip(m.group(2)), goStatus(m.group(1))));
        }
        return out;
    }

    /** vuls: {@code cleaned_line.split()[2]}, which raises IndexError on a bare {@code --- PASS:} line. */
    static List<TestResult> thirdField(String stdout, String stderr) throws ParserCrash {
        var out = new ArrayList<TestResult>();
        for (var line : PyText.splitlines(stdout)) {
            var cleaned = PyText.strip(PyText.printableOnly(line, false));
            TestStatus status;
            if (cleaned.contains("--- PASS:")) status = PASSED;
            else if (cleaned.contains("--- FAIL:")) status = FAILED;
            else if (cleaned.contains("--- SKIP:")) status = SKIPPED;
            else if (cleaned.contains("--- ERROR:")) status = ERROR;
            else continue;
            var fields = PyText.split(cleaned);
            if (fields.size() < 3) throw new ParserCrash("IndexError", "list index out of range");
            out.add(new TestResult(fields.get(2), status));
        }
        return out;
    }

    private static final Pattern CASE = PyRe.compile("^\\s*--- (PASS|FAIL|SKIP): ([^\\s]+)", PyRe.MULTILINE);
    private static final Pattern RUN = PyRe.compile("^=== RUN\\s+([^\\s]+)");
    private static final Pattern CRASH = PyRe.compile(
            "(panic:|fatal error|SIGSEGV|SIGILL|SIGFPE|SIGBUS|unexpected fault)", PyRe.IGNORECASE);

    /** teleport: first result per name wins; a panic marks the last started test ERROR; a pseudo-test if nothing. */
    static List<TestResult> firstSeenWithPanics(String stdout, String stderr) {
        var out = new ArrayList<TestResult>();
        var seen = new HashSet<String>();
        var lines = new ArrayList<>(PyText.splitlines(stdout));
        lines.addAll(PyText.splitlines(stderr));
        for (var line : lines) {
            var m = PyRe.search(CASE, line);
            if (m != null && seen.add(m.group(2))) out.add(new TestResult(m.group(2), goStatus(m.group(1))));
        }
        String lastRun = null;
        for (var line : lines) {
            var run = PyRe.search(RUN, line);
            if (run != null) lastRun = run.group(1);
            if (PyRe.search(CRASH, line) != null) {
                var name = lastRun == null || lastRun.isEmpty() ? "UNKNOWN_ERROR" : lastRun;
                if (seen.add(name)) out.add(new TestResult(name, ERROR));
            }
        }
        if (out.isEmpty() && (!PyText.strip(stdout).isEmpty() || !PyText.strip(stderr).isEmpty())) {
            out.add(new TestResult("NO_TESTS_FOUND_OR_PARSING_ERROR", ERROR));
        }
        return out;
    }

    private static final Pattern RUN_WORD = PyRe.compile("=== RUN\\s+(\\w+)");
    private static final Pattern RESULT_WORD = PyRe.compile("--- (PASS|FAIL|SKIP):\\s+(\\w+)");

    /** vuls (env variant): names cut at the first non-word character, last status wins, started-only is ERROR. */
    static List<TestResult> wordNamesLastWins(String stdout, String stderr) {
        var combined = stdout + "\n" + stderr;
        var runs = PyRe.findall(RUN_WORD, combined);
        Map<String, TestStatus> byName = new LinkedHashMap<>();
        for (var g : PyRe.findallGroups(RESULT_WORD, combined)) byName.put(g[1], goStatus(g[0]));
        for (var name : runs) byName.putIfAbsent(name, ERROR);
        var out = new ArrayList<TestResult>();
        byName.forEach((name, status) -> out.add(new TestResult(name, status)));
        return out;
    }

    private static final Pattern PASS_WORD = PyRe.compile("--- PASS:\\s+(\\w+)");
    private static final Pattern FAIL_WORD = PyRe.compile("--- FAIL:\\s+(\\w+)");
    private static final Pattern SKIP_WORD = PyRe.compile("--- SKIP:\\s+(\\w+)");

    /** teleport (env variant): one entry per {@code === RUN} line; PASS anywhere beats FAIL anywhere. */
    static List<TestResult> perRunLine(String stdout, String stderr) {
        var passed = new HashSet<>(PyRe.findall(PASS_WORD, stdout));
        var failed = new HashSet<>(PyRe.findall(FAIL_WORD, stdout));
        var skipped = new HashSet<>(PyRe.findall(SKIP_WORD, stdout));
        var out = new ArrayList<TestResult>();
        for (var name : PyRe.findall(RUN_WORD, stdout)) {
            var status = passed.contains(name) ? PASSED : failed.contains(name) ? FAILED
                    : skipped.contains(name) ? SKIPPED : ERROR;
            out.add(new TestResult(name, status));
        }
        return out;
    }

    /** teleport {@code go test -json}: Action pass/fail/skip per record with a Test; a text fallback. */
    static List<TestResult> goJson(String stdout, String stderr) throws ParserCrash {
        var out = new ArrayList<TestResult>();
        for (var line : PyText.split(PyText.strip(stdout), "\n")) {
            if (PyText.strip(line).isEmpty()) continue;
            Object data;
            try {
                data = PyJson.loads(line);
            } catch (PyJson.DecodeError e) {
                continue;
            }
            if (!(PyObj.contains(data, "Test") && PyObj.contains(data, "Action"))) continue;
            var name = PyObj.item(data, "Test");
            var action = PyObj.item(data, "Action");
            TestStatus status = "pass".equals(action) ? PASSED : "fail".equals(action) ? FAILED
                    : "skip".equals(action) ? SKIPPED : null;
            if (status != null) out.add(new TestResult(PyObj.str(name), status));
        }
        if (!out.isEmpty()) return out;
        for (var raw : PyText.split(stdout, "\n")) {
            var line = PyText.strip(raw);
            if (line.startsWith("--- PASS:") || line.startsWith("=== RUN")) continue;
            if (line.startsWith("--- FAIL:") || line.startsWith("--- SKIP:")) {
                var parts = PyText.split(line);
                if (parts.size() >= 3) out.add(new TestResult(parts.get(2), line.startsWith("--- FAIL:") ? FAILED : SKIPPED));
            } else if (line.contains("PASS:") && line.contains("Test")) {
                var parts = PyText.split(line);
                for (int i = 0; i < parts.size(); i++) {
                    if (parts.get(i).startsWith("Test") && i > 0) {
                        out.add(new TestResult(parts.get(i), PASSED));
                        break;
                    }
                }
            }
        }
        return out;
    }

    static TestStatus goStatus(String word) {
        return switch (word) {
            case "PASS" -> PASSED;
            case "FAIL" -> FAILED;
            case "SKIP" -> SKIPPED;
            default -> ERROR;
        };
    }
}
