package ai.lyceum.bench.swebench.parse;

import static ai.lyceum.bench.swebench.parse.TestStatus.ERROR;
import static ai.lyceum.bench.swebench.parse.TestStatus.FAILED;
import static ai.lyceum.bench.swebench.parse.TestStatus.PASSED;
import static ai.lyceum.bench.swebench.parse.TestStatus.SKIPPED;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.regex.Pattern;

/** Ports of the official jest parsers: verbose text (element-web, protonmail) and {@code --json} (element-web). */
final class JestParsers {
    private JestParsers() {}

    static List<OfficialParser> all() {
        var e = "instance_element-hq__element-web-";
        var p = "instance_protonmail__webclients-";
        return List.of(
                new OfficialParser("889ed33a58a2e1cd11ac663125e28943e1205716", "jest-verbose",
                        e + "1077729a19c0ce902e713cf6fab42c91fb7907f1-vnan", JestParsers::passBlocks, false),
                new OfficialParser("f32b0e1dfd0dc938516a98a11b197ec591c5ad5b", "jest-verbose",
                        p + "01b519cd49e6a24d9a05d2eb97f54e420740072e", JestParsers::stderrDescribe, true),
                new OfficialParser("c045540621b48cc943844d2fc1dfb3fa24c4f844", "jest-verbose",
                        p + "01ea5214d11e0df8b7170d91bafd34f23cb0f2b1", JestParsers::suiteLines, true),
                new OfficialParser("a026bde10816e5251082f57933eb089a293ce6a7", "jest-verbose",
                        p + "815695401137dac2975400fc610149a16db8214b", JestParsers::workspaceFallbacks, true),
                new OfficialParser("9f2018b931290cc185640110e2f13d3da8ae86c5", "jest-verbose",
                        e + "0337bd1b0aa20dc5db7d62860a7edf379f75a50a-v7b62abc14b88c2d9dacdbcea6f332724656e01f1",
                        new OfficialParser.Broken("TypeError", "main() missing 1 required positional argument: 'output_path'"), true),
                new OfficialParser("3302cd7126a9d406c4666d496ab0690cb5ff6510", "jest-verbose",
                        e + "1d81bdc6f9a676d075e6ad83b055b4ee43080a86-va1793483672a6a5fcafdeadd761e34019eb5f374",
                        new OfficialParser.Broken("TypeError", "main() missing 1 required positional argument: 'output_path'"), true),
                new OfficialParser("509924d7fe9f853b2b651a6ac551b47a4e917374", "jest-verbose",
                        e + "16ec3b5d7b2afe96874a9f691165a2b2cd18b398-v579cb6b03cf8f928b7694cb4f65acf55bd8b8fb8",
                        new OfficialParser.Broken("SyntaxError", "'(' was never closed"), true),
                new OfficialParser("c51656342989c9d86ce400a18006c9a4f7859fd4", "jest-json",
                        e + "776ffa47641c7ec6d142ab4a47691c30ebf83c2e", JestParsers::jestJson, true));
    }

    private static final String CHECK = "\u2713", HEAVY_CHECK = "\u2714", CIRCLE = "\u25cb", PENCIL = "\u270E";

    private static boolean caseLine(String s) {
        return s.startsWith(CHECK) || s.startsWith(HEAVY_CHECK) || s.startsWith(CIRCLE) || s.startsWith(PENCIL);
    }

    private static String caseName(String stripped, boolean skipped) {
        String rest = skipped ? PyText.lastField(PyText.lastField(stripped, CIRCLE), PENCIL)
                : PyText.lastField(PyText.lastField(stripped, CHECK), HEAVY_CHECK);
        return PyText.strip(PyText.split(PyText.strip(rest), "(").get(0));
    }

    /**
     * element-web: after a {@code PASS <file>} line, a non-mark line is a suite and the mark lines under it its
     * cases. FAIL files and ✕ cases are never read; titles are cut at "(".
     */
    static List<TestResult> passBlocks(String stdout, String stderr) throws ParserCrash {
        var out = new ArrayList<TestResult>();
        var lines = PyText.splitlines(PyText.printableOnly(stdout, true));
        int i = 0;
        while (i < lines.size()) {
            var line = PyText.strip(lines.get(i));
            if (!line.startsWith("PASS")) { i++; continue; }
            var fields = PyText.split(line);
            if (fields.size() < 2) throw new ParserCrash("IndexError", "list index out of range");
            var file = fields.get(1);
            i++;
            while (i < lines.size() && !PyText.strip(lines.get(i)).startsWith("PASS")) {
                var s = PyText.strip(lines.get(i));
                if (!s.isEmpty() && !s.startsWith(CHECK) && !s.startsWith(HEAVY_CHECK) && !s.startsWith(CIRCLE)) {
                    var suite = s;
                    i++;
                    while (i < lines.size() && caseLine(PyText.strip(lines.get(i)))) {
                        var c = PyText.strip(lines.get(i));
                        boolean skipped = c.startsWith(CIRCLE) || c.startsWith(PENCIL);
                        out.add(new TestResult(file + " | " + suite + " | " + caseName(c, skipped), skipped ? SKIPPED : PASSED));
                        i++;
                    }
                } else if (caseLine(s)) {
                    boolean skipped = s.startsWith(CIRCLE) || s.startsWith(PENCIL);
                    out.add(new TestResult(file + " | " + caseName(s, skipped), skipped ? SKIPPED : PASSED));
                    i++;
                } else {
                    i++;
                }
            }
        }
        return out;
    }

    private static final Pattern PM_FILE = PyRe.compile("(PASS|FAIL)\\s+(.+?\\.(?:test|spec)\\.[jt]sx?)");
    private static final Pattern PM_TEST = PyRe.compile("^\\s*[✓✗×]\\s+(.+?)(?:\\s+\\(\\d+\\s*ms\\))?$");
    private static final Pattern PM_SKIP = PyRe.compile("^\\s*○\\s+(.+?)(?:\\s+\\(\\d+\\s*ms\\))?$");
    private static final Pattern PM_MARK = PyRe.compile("^\\s*[✓✗×○]");

    /** protonmail: reads stderr; a describe line is one followed by a mark line within 9 lines. */
    static List<TestResult> stderrDescribe(String stdout, String stderr) {
        var out = new ArrayList<TestResult>();
        String file = null;
        String describe = null;
        var lines = PyText.split(stderr, "\n");
        for (int i = 0; i < lines.size(); i++) {
            var line = lines.get(i);
            var fm = PyRe.search(PM_FILE, line);
            if (fm != null) {
                file = fm.group(2);
                describe = null;
                continue;
            }
            if (file == null) continue;
            var stripped = PyText.strip(line);
            if (!stripped.isEmpty() && PyRe.match(PM_MARK, line) == null && !stripped.startsWith("Test Suites:")
                    && !stripped.startsWith("Tests:") && !stripped.startsWith("PASS") && !stripped.startsWith("FAIL")
                    && !stripped.startsWith("Time:") && !stripped.startsWith("(node:")) {
                boolean isDescribe = false;
                for (int j = i + 1; j < Math.min(i + 10, lines.size()); j++) {
                    if (PyRe.match(PM_MARK, lines.get(j)) != null) { isDescribe = true; break; }
                    var next = PyText.strip(lines.get(j));
                    if (next.startsWith("PASS") || next.startsWith("FAIL")) break;
                }
                if (isDescribe && line.length() - PyText.lstrip(line).length() >= 2) describe = stripped;
            }
            var tm = PyRe.match(PM_TEST, line);
            if (tm != null) {
                var name = file + (describe != null ? " | " + describe + " " : " | ") + PyText.strip(tm.group(1));
                out.add(new TestResult(name, stripped.startsWith("✓") ? PASSED : FAILED));
            }
            var sm = PyRe.match(PM_SKIP, line);
            if (sm != null) {
                var name = file + (describe != null ? " | " + describe + " " : " | ") + PyText.strip(sm.group(1));
                out.add(new TestResult(name, SKIPPED));
            }
        }
        return out;
    }

    private static final Pattern PM_SUITE = PyRe.compile("^\\s*(PASS|FAIL)\\s+(.+\\.(?:test|spec)\\.[jt]sx?)(?:\\s+\\(.*\\))?");
    private static final Pattern PM_CASE = PyRe.compile("^\\s*([✓✗○])\\s+(.+?)(?:\\s+\\((\\d+\\s*ms|skipped)\\))?$");
    private static final Pattern PM_FILES = PyRe.compile("((?:src/|applications/|packages/)[^/\\s]+/.*?\\.(?:test|spec)\\.[jt]sx?)");

    /**
     * protonmail: suite and case lines over stdout and stderr. With no case line it reports every test file it can
     * find, PASSED unless "FAIL" appears anywhere; Python iterates a {@code set} there, so that fallback's order
     * varies between runs of the official parser (this port keeps first-seen order).
     */
    static List<TestResult> suiteLines(String stdout, String stderr) {
        var all = stdout + "\n" + stderr;
        var out = new ArrayList<TestResult>();
        String file = null;
        for (var raw : PyText.split(all, "\n")) {
            var line = PyText.strip(raw);
            var sm = PyRe.match(PM_SUITE, line);
            if (sm != null) { file = sm.group(2); continue; }
            var cm = PyRe.match(PM_CASE, line);
            if (cm == null) continue;
            var description = PyText.strip(cm.group(2));
            if (description.isEmpty() || PyText.len(description) < 3) continue;
            var name = file != null ? file + " | " + description : description;
            var status = switch (cm.group(1)) {
                case "✓" -> PASSED;
                case "✗" -> FAILED;
                default -> SKIPPED;
            };
            out.add(new TestResult(name, status));
        }
        if (out.isEmpty()) {
            var status = all.contains("FAIL") ? FAILED : PASSED;
            for (var f : new LinkedHashSet<>(PyRe.findall(PM_FILES, all))) out.add(new TestResult(f + " | test execution", status));
        }
        return out;
    }

    private static final Pattern WS_FILE = PyRe.compile("(?:PASS|FAIL)\\s+(.+\\.(?:test|spec)\\.[jt]sx?)");
    private static final Pattern WS_TEST = PyRe.compile("^\\s*([✓✗○×])\\s+(.+?)(?:\\s+\\(\\d+\\s*ms\\))?$");
    private static final Pattern WS_YARN = PyRe.compile("➤ YN0000:\\s+([✓✗○×])\\s+(.+?)(?:\\s+\\(\\d+\\s*ms\\))?$");
    private static final Pattern WS_PATH = PyRe.compile(
            "(packages/[^/]+/.*\\.(?:test|spec)\\.[jt]sx?|applications/[^/]+/.*\\.(?:test|spec)\\.[jt]sx?)");
    private static final Pattern WS_GENERIC = PyRe.compile("^\\s*([✓✗○×])\\s+(.+)$");

    private static TestStatus mark(String m) {
        return switch (m) {
            case "✓" -> PASSED;
            case "✗", "×" -> FAILED;
            default -> SKIPPED;
        };
    }

    /** protonmail: case lines under a PASS/FAIL file line; else yarn-workspace lines; else any mark line. */
    static List<TestResult> workspaceFallbacks(String stdout, String stderr) {
        var out = new ArrayList<TestResult>();
        var lines = PyText.split(stdout + "\n" + stderr, "\n");
        String file = null;
        for (var line : lines) {
            var fm = PyRe.search(WS_FILE, line);
            if (fm != null) { file = fm.group(1); continue; }
            var tm = PyRe.match(WS_TEST, line);
            if (tm != null && file != null) out.add(new TestResult(file + " | " + PyText.strip(tm.group(2)), mark(tm.group(1))));
        }
        if (out.isEmpty()) {
            String wsFile = null;
            for (var line : lines) {
                if (line.contains("packages/") || line.contains("applications/")) {
                    var pm = PyRe.search(WS_PATH, line);
                    if (pm != null) wsFile = pm.group(1);
                }
                var ym = PyRe.match(WS_YARN, line);
                if (ym != null) {
                    out.add(new TestResult((wsFile != null ? wsFile : "unknown_file") + " | " + PyText.strip(ym.group(2)), mark(ym.group(1))));
                }
            }
        }
        if (out.isEmpty()) {
            for (var line : lines) {
                var gm = PyRe.match(WS_GENERIC, line);
                if (gm == null) continue;
                var description = PyText.strip(gm.group(2));
                var lower = PyText.lower(description);
                if (lower.contains("build") || lower.contains("install") || lower.contains("setup") || lower.contains("config")) continue;
                out.add(new TestResult("generic_test | " + description, mark(gm.group(1))));
            }
        }
        return out;
    }

    private static final Pattern JSON_LINE = PyRe.compile("({.*\"numTotalTestSuites\".*})");
    private static final Pattern STATUS_LINES = PyRe.compile("(PASS|FAIL|SKIP)\\s+([^\\n]+)");

    /** element-web {@code --json}: any exception becomes a test named after it; {@code todo} becomes ERROR. */
    static List<TestResult> jestJson(String stdout, String stderr) {
        var out = new ArrayList<TestResult>();
        try {
            var m = PyRe.search(JSON_LINE, stdout);
            if (m != null) {
                Object data;
                try {
                    data = PyJson.loads(m.group(1));
                } catch (PyJson.DecodeError e) {
                    throw new ParserCrash("JSONDecodeError", e.getMessage());
                }
                for (var suite : PyObj.iterate(PyObj.get(data, "testResults", List.of()))) {
                    var file = PyObj.get(suite, "name", "");
                    if (!PyObj.truthy(file)) continue;
                    var suiteStatus = PyObj.get(suite, "status", "");
                    var assertions = PyObj.get(suite, "assertionResults", List.of());
                    if (PyObj.truthy(assertions)) {
                        for (var test : PyObj.iterate(assertions)) {
                            var title = PyObj.get(test, "title", "");
                            var ancestors = PyObj.get(test, "ancestorTitles", List.of());
                            String fullTitle;
                            if (PyObj.truthy(ancestors)) {
                                if (!(ancestors instanceof List<?> list)) {
                                    throw new ParserCrash("TypeError", "can only concatenate " + PyJson.typeName(ancestors)
                                            + " (not \"list\") to " + PyJson.typeName(ancestors));
                                }
                                var parts = new ArrayList<String>();
                                int k = 0;
                                for (var a : list) {
                                    if (!(a instanceof String s)) {
                                        throw new ParserCrash("TypeError", "sequence item " + k + ": expected str instance, "
                                                + PyJson.typeName(a) + " found");
                                    }
                                    parts.add(s);
                                    k++;
                                }
                                if (!(title instanceof String t)) {
                                    throw new ParserCrash("TypeError", "sequence item " + k + ": expected str instance, "
                                            + PyJson.typeName(title) + " found");
                                }
                                parts.add(t);
                                fullTitle = String.join(" | ", parts);
                            } else {
                                fullTitle = PyObj.format(title);
                            }
                            var name = PyObj.format(file) + " | " + fullTitle;
                            var status = PyObj.get(test, "status", "");
                            TestStatus st = "passed".equals(status) ? PASSED : "failed".equals(status) ? FAILED
                                    : ("pending".equals(status) || "skipped".equals(status)) ? SKIPPED : ERROR;
                            out.add(new TestResult(name, st));
                        }
                    } else if ("failed".equals(suiteStatus)) {
                        out.add(new TestResult(PyObj.format(file) + " | Test suite failed to run", ERROR));
                    }
                }
            }
            if (out.isEmpty()) {
                for (var g : PyRe.findallGroups(STATUS_LINES, stdout)) {
                    var st = switch (g[0]) {
                        case "PASS" -> PASSED;
                        case "FAIL" -> FAILED;
                        default -> SKIPPED;
                    };
                    out.add(new TestResult(g[1], st));
                }
            }
        } catch (ParserCrash e) {
            // `except Exception as e`: the parser records str(e) as a test and goes on.
            out.add(new TestResult("Error parsing test output: " + e.getMessage().substring(e.pythonType().length() + 2), ERROR));
        }
        if (!stderr.isEmpty() && out.isEmpty()) out.add(new TestResult("Error in test execution", ERROR));
        return out;
    }

}
