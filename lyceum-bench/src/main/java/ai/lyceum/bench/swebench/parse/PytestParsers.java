package ai.lyceum.bench.swebench.parse;

import static ai.lyceum.bench.swebench.parse.TestStatus.ERROR;
import static ai.lyceum.bench.swebench.parse.TestStatus.FAILED;
import static ai.lyceum.bench.swebench.parse.TestStatus.PASSED;
import static ai.lyceum.bench.swebench.parse.TestStatus.SKIPPED;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/** Ports of the official pytest parsers (openlibrary, qutebrowser, ansible's pytest-run instances). */
final class PytestParsers {
    private PytestParsers() {}

    static List<OfficialParser> all() {
        var q = "instance_qutebrowser__qutebrowser-";
        var o = "instance_internetarchive__openlibrary-";
        var a = "instance_ansible__ansible-";
        return List.of(
                new OfficialParser("2cc29b040cebda2c22584ca04970f58d70c3bd54", "pytest",
                        q + "0aa57e4f7243024fa4bba8853306691b5dbd77b3-v5149fcda2a9a6fe1d35dfed1bade1444a11ef271", PytestParsers::routeBeforeStatus, true),
                new OfficialParser("ac7eeca72cfb5bc440e8e81b1a2feb9f4642adbb", "pytest",
                        q + "0833b5f6f140d04200ec91605f88704dd18e2970-v059c6fdc75567943479b23ebca7c07b5e9a7f34c", PytestParsers::routeBeforeStatus, true),
                new OfficialParser("13eca9c6b16c11e5da7adb35a1d6d92574c50103", "pytest",
                        q + "0d2afd58f3d0e34af21cee7d8a3fc9d855594e9f-vnan", PytestParsers::routeBeforeStatus, false),
                new OfficialParser("3da1db446d4625e21fa15ba64273677b4b77bd2c", "pytest",
                        q + "01d1d1494411380d97cac14614a829d3a69cecaf-v2ef375ac784985212b1805e1d0431dc8f1b3c171", PytestParsers::qutebrowserErrors, true),
                new OfficialParser("a710ad1dc422db6be0605f6af2b0fa5c7f451211", "pytest",
                        a + "106909db8b730480615f4a33de0eb5b710944e78-v0f01c69f1e2528b935359cfe578530722bca2c59", PytestParsers::ansibleUnits, true),
                new OfficialParser("8fd9544048139134f78c8bfa3da47981f5d89de0", "pytest",
                        a + "12734fa21c08a0ce8c84e533abdc560db2eb1955-v7eee2454f617569fd6889f2211f75bc02a35f9f8", PytestParsers::ansibleClassMethod, true),
                new OfficialParser("8516b455401a046b880e9d6592c9972eb2512f1b", "pytest",
                        a + "164881d871964aa64e0f911d03ae270acbad253c-v390e508d27db7a51eece36bb6d9698b63a5b638a", PytestParsers::ansibleWithStderr, true),
                new OfficialParser("2879b401ae228df1d0a021301ade21b92a6d4bff", "pytest",
                        o + "00bec1e7c8f3272c469a58e1377df03f955ed478-v13642507b4fc1f8d234172bf8129942da2c2ca26", PytestParsers::stdoutThenStderr, true),
                new OfficialParser("501b568a6d25e5ea1fb505a8ed1b3db2c3bd5e94", "pytest",
                        o + "08ac40d050a64e1d2646ece4959af0c42bf6b7b5-v0f5aece3601a5b4419f7ccec1dbda2071be28ee4", PytestParsers::resultsThenSummary, true),
                new OfficialParser("1c52145359b51da0f6cfbe3b900c77264f365b81", "pytest",
                        o + "09865f5fb549694d969f0a8e49b9d204ef1853ca-ve8c8d62a2b60610a3c4631f5f23ed866bada9818", PytestParsers::resultsThenErrors, true),
                new OfficialParser("5381b120afd8f8e7b90cff70d04d601d66a38476", "pytest",
                        o + "0a90f9f0256e4f933523e9842799e39f95ae29ce-v76304ecdb3a5954fcf13feb710e8c40fcf24b73c", PytestParsers::threePasses, true),
                new OfficialParser("aeda8d5c132fdf16c1e4fba92c7fad33b0ea7928", "pytest",
                        o + "0dc5b20fa186f9714f8a838178597e69f549d026-v2d9a6c849c60ed19fd0858ce9e40b7cc8e097e59", PytestParsers::classMethodTwice, true),
                new OfficialParser("e066494663ac3a8828e19384a05d6581e4f50ebd", "pytest",
                        o + "123e6e5e1c85b9c07d1e98f70bfc480bc8016890-v2733ff199fb72f0d033a30dc62cb0a4742e3a7f4", PytestParsers::resultsAltSummary, true),
                new OfficialParser("a48c077c2fbc849c8200a9784e7dd634ec12d8c9", "pytest",
                        o + "53d376b148897466bb86d5accb51912bbbe9a8ed-v08d8e8889ec945ab821fb156c04c7d2e2810debb", PytestParsers::classOrSimple, true),
                new OfficialParser("196e31a2111b3f727f82ed11fb77d399dc6ff679", "pytest",
                        o + "2f590171b1d95cc124c44fb6ec647c85f1ca9581-v556534ffe5f55f4ae28524ce497db77fdbc73c0d",
                        new OfficialParser.Broken("SyntaxError", "'(' was never closed"), true),
                new OfficialParser("50ea2903f9ef3428910fdae9901ad42af00ac550", "ansible-test",
                        a + "0ea40e09d1b35bcb69ff4d9cecf3d0defa4b36e8-v30a923fb5c164d6cd18280c02422f75e611e8fb2", PytestParsers::ansibleTestTwoForms, true),
                new OfficialParser("d9fa20448be9dd9733e99aa34531054903e0a447", "ansible-test",
                        a + "0fd88717c953b92ed8a50495d55e630eb5d59166-vba6da65a0f3baefda7a058ebbd0a8dcafb8512f5", PytestParsers::ansibleTestFallbacks, true));
    }

    static TestStatus word(String s) {
        return switch (s) {
            case "PASSED" -> PASSED;
            case "FAILED" -> FAILED;
            case "SKIPPED" -> SKIPPED;
            default -> ERROR;
        };
    }

    static boolean hasName(List<TestResult> results, String name) {
        for (var r : results) if (r.name().equals(name)) return true;
        return false;
    }

    private static final Pattern ROUTE = PyRe.compile("^(tests/.*?)(?=\\s+(PASSED|FAILED|SKIPPED|XFAIL|ERROR|XPASS))");

    /** qutebrowser: XFAIL counts as PASSED and XPASS as FAILED. */
    static List<TestResult> routeBeforeStatus(String stdout, String stderr) {
        var out = new ArrayList<TestResult>();
        for (var line : PyText.splitlines(stdout)) {
            var cleaned = PyText.strip(PyText.printableOnly(line, false));
            var m = PyRe.match(ROUTE, cleaned);
            if (m == null) continue;
            var route = PyText.strip(m.group(1));
            var rest = PyText.strip(cleaned.substring(route.length()));
            if (rest.contains("PASSED") || rest.contains("XFAIL")) out.add(new TestResult(route, PASSED));
            else if (rest.contains("FAILED") || rest.contains("XPASS")) out.add(new TestResult(route, FAILED));
            else if (rest.contains("SKIPPED")) out.add(new TestResult(route, SKIPPED));
            else if (rest.contains("ERROR")) out.add(new TestResult(route, ERROR));
        }
        return out;
    }

    private static final Pattern QB_ANY = PyRe.compile("^([^\\s]+::[^\\s]+)\\s+(PASSED|FAILED|SKIPPED|ERROR|XFAIL|XPASS)");
    private static final Pattern QB_TESTS = PyRe.compile("^(tests/[^\\s]+\\.py::[^\\s]+)\\s+(PASSED|FAILED|SKIPPED|ERROR|XFAIL|XPASS)");
    private static final Pattern QB_ERRORS = PyRe.compile("ERRORS.*?([^\\s]+::[^\\s]+)");

    static TestStatus qbStatus(String s) {
        return switch (s) {
            case "PASSED", "XFAIL" -> PASSED;
            case "FAILED", "XPASS" -> FAILED;
            case "SKIPPED" -> SKIPPED;
            default -> ERROR;
        };
    }

    static List<TestResult> qutebrowserErrors(String stdout, String stderr) {
        var out = new ArrayList<TestResult>();
        for (var raw : PyText.split(stdout, "\n")) {
            var m = PyRe.match(QB_ANY, PyText.strip(raw));
            if (m != null) out.add(new TestResult(m.group(1), qbStatus(m.group(2))));
        }
        for (var raw : PyText.split(stdout, "\n")) {
            var m = PyRe.match(QB_TESTS, PyText.strip(raw));
            if (m != null && !hasName(out, m.group(1))) out.add(new TestResult(m.group(1), qbStatus(m.group(2))));
        }
        for (var line : PyText.split(stderr, "\n")) {
            var m = PyRe.search(QB_ERRORS, line);
            if (m != null && !hasName(out, m.group(1))) out.add(new TestResult(m.group(1), ERROR));
        }
        return out;
    }

    private static final Pattern ANSIBLE_UNITS = PyRe.compile("^(test/units/[^\\s]+::[^\\s]+)\\s+(PASSED|FAILED|SKIPPED|ERROR)");

    static List<TestResult> ansibleUnits(String stdout, String stderr) {
        var out = new ArrayList<TestResult>();
        for (var raw : PyText.split(stdout, "\n")) {
            var m = PyRe.search(ANSIBLE_UNITS, PyText.strip(raw));
            if (m != null) out.add(new TestResult(m.group(1), word(m.group(2))));
        }
        return out;
    }

    private static final Pattern ANSIBLE_CLASS_METHOD = PyRe.compile(
            "^(test/units/[^:\\s]+\\.py::[^:\\s]+::[^\\s\\[]+(?:\\[[^\\]]*\\])?)\\s+(PASSED|FAILED|SKIPPED|ERROR)\\s+");

    /** Requires {@code Class::method}: module-level tests vanish. */
    static List<TestResult> ansibleClassMethod(String stdout, String stderr) {
        var out = new ArrayList<TestResult>();
        for (var raw : PyText.split(stdout, "\n")) {
            var m = PyRe.match(ANSIBLE_CLASS_METHOD, PyText.strip(raw));
            if (m != null) out.add(new TestResult(PyText.strip(m.group(1)), word(m.group(2))));
        }
        return out;
    }

    private static final Pattern ANSIBLE_OUT = PyRe.compile(
            "^(test/units/[^:]+\\.py::[^:]+(?:::[^:]+)?)\\s+(PASSED|FAILED|SKIPPED|ERROR)\\s+\\[");
    private static final Pattern ANSIBLE_ERR = PyRe.compile("^(test/units/[^:]+\\.py::[^:]+(?:::[^:]+)?)\\s+(FAILED|ERROR)\\s");

    static List<TestResult> ansibleWithStderr(String stdout, String stderr) {
        var out = new ArrayList<TestResult>();
        for (var raw : PyText.split(stdout, "\n")) {
            var line = PyText.strip(raw);
            if (line.isEmpty()) continue;
            var m = PyRe.match(ANSIBLE_OUT, line);
            if (m != null) out.add(new TestResult(m.group(1), word(m.group(2))));
        }
        for (var raw : PyText.split(stderr, "\n")) {
            var line = PyText.strip(raw);
            if (line.isEmpty()) continue;
            var m = PyRe.match(ANSIBLE_ERR, line);
            if (m != null && !hasName(out, m.group(1))) out.add(new TestResult(m.group(1), word(m.group(2))));
        }
        return out;
    }

    private static final Pattern OL_LINE = PyRe.compile("^([^\\s]+\\.py::[^\\s]+)\\s+(PASSED|FAILED|SKIPPED|ERROR)");

    static List<TestResult> stdoutThenStderr(String stdout, String stderr) {
        var out = new ArrayList<TestResult>();
        for (var text : List.of(stdout, stderr)) {
            for (var raw : PyText.split(text, "\n")) {
                var m = PyRe.match(OL_LINE, PyText.strip(raw));
                if (m != null) out.add(new TestResult(m.group(1), word(m.group(2))));
            }
        }
        return out;
    }

    private static final Pattern OL_RESULT = PyRe.compile("([^\\s]+\\.py::[^\\s]+)\\s+(PASSED|FAILED|SKIPPED|ERROR)", PyRe.MULTILINE);
    private static final Pattern OL_SUMMARY_ANYWHERE = PyRe.compile("(FAILED|PASSED|SKIPPED|ERROR)\\s+([^\\s]+\\.py::[^\\s]+)", PyRe.MULTILINE);

    static List<TestResult> resultsThenSummary(String stdout, String stderr) {
        var combined = stdout + "\n" + stderr;
        var out = new ArrayList<TestResult>();
        for (var g : PyRe.findallGroups(OL_RESULT, combined)) out.add(new TestResult(g[0], word(g[1])));
        for (var g : PyRe.findallGroups(OL_SUMMARY_ANYWHERE, combined)) out.add(new TestResult(g[1], word(g[0])));
        return out;
    }

    private static final List<Pattern> OL_ERRORS = List.of(
            PyRe.compile("ERRORS\\s+([^\\s]+\\.py::[^\\s]+)", PyRe.MULTILINE),
            PyRe.compile("ERROR\\s+([^\\s]+\\.py::[^\\s]+)", PyRe.MULTILINE),
            PyRe.compile("([^\\s]+\\.py::[^\\s]+)\\s+ERROR", PyRe.MULTILINE));

    static List<TestResult> resultsThenErrors(String stdout, String stderr) {
        var combined = stdout + "\n" + stderr;
        var out = new ArrayList<TestResult>();
        for (var g : PyRe.findallGroups(OL_RESULT, combined)) out.add(new TestResult(g[0], word(g[1])));
        for (var p : OL_ERRORS) {
            for (var name : PyRe.findall(p, combined)) if (!hasName(out, name)) out.add(new TestResult(name, ERROR));
        }
        return out;
    }

    private static final Pattern OL_SUMMARY = PyRe.compile("^(PASSED|FAILED|SKIPPED|ERROR)\\s+([^\\s]+\\.py::[^\\s]+)", PyRe.MULTILINE);
    private static final Pattern OL_NAME = PyRe.compile("([^\\s]+\\.py::[^\\s]+)");

    static List<TestResult> threePasses(String stdout, String stderr) {
        var combined = stdout + "\n" + stderr;
        var out = new ArrayList<TestResult>();
        for (var g : PyRe.findallGroups(OL_RESULT, combined)) out.add(new TestResult(g[0], word(g[1])));
        for (var g : PyRe.findallGroups(OL_SUMMARY, combined)) {
            if (!hasName(out, g[1])) out.add(new TestResult(g[1], word(g[0])));
        }
        for (var raw : PyText.split(combined, "\n")) {
            var line = PyText.strip(raw);
            if (!(line.contains("::") && line.contains(".py"))) continue;
            var m = PyRe.search(OL_NAME, line);
            if (m == null) continue;
            var name = m.group(1);
            TestStatus status = line.contains("PASSED") ? PASSED : line.contains("FAILED") ? FAILED
                    : line.contains("SKIPPED") ? SKIPPED : line.contains("ERROR") ? ERROR : null;
            if (status != null && !hasName(out, name)) out.add(new TestResult(name, status));
        }
        return out;
    }

    private static final Pattern OL_CM = PyRe.compile("([^:\\s]+\\.py::[^:\\s]+::[^:\\s]+)\\s+(PASSED|FAILED|SKIPPED|ERROR)");
    private static final Pattern OL_CM_DOTS = PyRe.compile("([^:\\s]+\\.py::[^:\\s]+::[^:\\s]+)\\s+\\.\\.\\.\\s+(ok|FAIL|SKIP|ERROR)");
    private static final Pattern OL_CM_PATH = PyRe.compile("([^:\\s]+/[^:\\s]+\\.py::[^:\\s]+::[^:\\s]+)\\s+(PASSED|FAILED|SKIPPED|ERROR)");

    static TestStatus dotsWord(String s) {
        return switch (s) {
            case "ok" -> PASSED;
            case "FAIL" -> FAILED;
            case "SKIP" -> SKIPPED;
            default -> ERROR;
        };
    }

    /** Requires {@code Class::method}; a path with a slash is found twice (the export collapses it). */
    static List<TestResult> classMethodTwice(String stdout, String stderr) {
        var combined = stdout + "\n" + stderr;
        var out = new ArrayList<TestResult>();
        for (var g : PyRe.findallGroups(OL_CM, combined)) out.add(new TestResult(g[0], word(g[1])));
        for (var g : PyRe.findallGroups(OL_CM_DOTS, combined)) out.add(new TestResult(g[0], dotsWord(g[1])));
        for (var g : PyRe.findallGroups(OL_CM_PATH, combined)) out.add(new TestResult(g[0], word(g[1])));
        return out;
    }

    private static final Pattern OL_DOTS = PyRe.compile("([^\\s]+\\.py::[^\\s]+)\\s+\\.\\.\\.\\s+(ok|FAIL|SKIP|ERROR)", PyRe.MULTILINE);

    static List<TestResult> resultsAltSummary(String stdout, String stderr) {
        var combined = stdout + "\n" + stderr;
        var out = new ArrayList<TestResult>();
        for (var g : PyRe.findallGroups(OL_RESULT, combined)) out.add(new TestResult(g[0], word(g[1])));
        for (var g : PyRe.findallGroups(OL_DOTS, combined)) {
            if (!hasName(out, g[0])) out.add(new TestResult(g[0], dotsWord(g[1])));
        }
        for (var g : PyRe.findallGroups(OL_SUMMARY, combined)) {
            if (!hasName(out, g[1])) out.add(new TestResult(g[1], word(g[0])));
        }
        return out;
    }

    private static final Pattern OL_CLASS = PyRe.compile("([^:\\s]+(?:\\.py)?::[^:\\s]+::[^:\\s]+)\\s+(PASSED|FAILED|SKIPPED|ERROR)", PyRe.MULTILINE);
    private static final Pattern OL_SIMPLE = PyRe.compile("([^:\\s]+(?:\\.py)?::[^:\\s]+)\\s+(PASSED|FAILED|SKIPPED|ERROR)", PyRe.MULTILINE);
    private static final Pattern OL_DETAILED = PyRe.compile("([^:\\s]+\\.py::[^:\\s]+(?:::[^:\\s]+)?)\\s+\\.\\.\\.\\s+(PASSED|FAILED|SKIPPED|ERROR)", PyRe.MULTILINE);

    /** Module-level tests are read only when no {@code Class::method} test is. */
    static List<TestResult> classOrSimple(String stdout, String stderr) {
        var combined = stdout + "\n" + stderr;
        var out = new ArrayList<TestResult>();
        for (var g : PyRe.findallGroups(OL_CLASS, combined)) out.add(new TestResult(PyText.strip(g[0]), word(g[1])));
        if (out.isEmpty()) {
            for (var g : PyRe.findallGroups(OL_SIMPLE, combined)) out.add(new TestResult(PyText.strip(g[0]), word(g[1])));
        }
        for (var g : PyRe.findallGroups(OL_DETAILED, combined)) out.add(new TestResult(PyText.strip(g[0]), word(g[1])));
        return out;
    }

    private static final String GW = "\\[gw\\d+\\].*?\\[\\s*\\d+%\\].*?";
    private static final String UNITS = ".*?(test/units/[^\\s]+(?:::[^\\s\\]]+)*)";

    private static Pattern pytestWord(String w) { return PyRe.compile("(test/[^\\s]+::[^\\s]+::[^\\s]+)\\s+" + w); }

    private static Pattern xdistWord(String w) { return PyRe.compile(GW + w + UNITS); }

    private static final List<String> WORDS4 = List.of("PASSED", "FAILED", "SKIPPED", "ERROR");
    private static final List<Pattern> ANSIBLE_PYTEST = WORDS4.stream().map(PytestParsers::pytestWord).toList();
    private static final List<String> WORDS6 = List.of("PASSED", "FAILED", "SKIPPED", "ERROR", "XPASS", "XFAIL");
    private static final List<Pattern> ANSIBLE_XDIST = WORDS6.stream().map(PytestParsers::xdistWord).toList();
    private static final List<TestStatus> XDIST_STATUS = List.of(PASSED, FAILED, SKIPPED, ERROR, PASSED, SKIPPED);

    /** ansible-test: pytest-style lines, else the xdist form; XPASS counts as PASSED, XFAIL as SKIPPED. */
    static List<TestResult> ansibleTestTwoForms(String stdout, String stderr) {
        var combined = stdout + "\n" + stderr;
        var out = new ArrayList<TestResult>();
        for (int i = 0; i < ANSIBLE_PYTEST.size(); i++) {
            for (var name : PyRe.findall(ANSIBLE_PYTEST.get(i), combined)) out.add(new TestResult(name, word(WORDS4.get(i))));
        }
        if (!out.isEmpty()) return out;
        for (int i = 0; i < ANSIBLE_XDIST.size(); i++) {
            for (var name : PyRe.findall(ANSIBLE_XDIST.get(i), combined)) out.add(new TestResult(name, XDIST_STATUS.get(i)));
        }
        return out;
    }

    private static final Pattern AT_XDIST = PyRe.compile(
            "\\[gw\\d+\\]\\s+\\[\\s*\\d+%\\]\\s+(PASSED|FAILED|SKIPPED|ERROR|XFAIL|XPASS)\\s+(test/.*?\\.py::.*?)(?:\\s|$)");
    private static final Pattern AT_ALT = PyRe.compile("(PASSED|FAILED|SKIPPED|ERROR|XFAIL|XPASS)\\s+(test/.*?\\.py::.*?)(?:\\s|$)");
    private static final Pattern AT_ANSIBLE = PyRe.compile("(ok|failed|skipped|error)\\s+\\[(.*?)\\]");
    private static final Pattern AT_LINES = PyRe.compile("test[^\\n]*");

    static TestStatus xStatus(String s) {
        return switch (s) {
            case "PASSED", "XPASS" -> PASSED;
            case "FAILED" -> FAILED;
            case "SKIPPED", "XFAIL" -> SKIPPED;
            default -> ERROR;
        };
    }

    static List<TestResult> ansibleTestFallbacks(String stdout, String stderr) {
        var combined = stdout + "\n" + stderr;
        var out = new ArrayList<TestResult>();
        for (var g : PyRe.findallGroups(AT_XDIST, combined)) out.add(new TestResult(g[1], xStatus(g[0])));
        if (out.isEmpty()) {
            for (var g : PyRe.findallGroups(AT_ALT, combined)) out.add(new TestResult(g[1], xStatus(g[0])));
        }
        if (out.isEmpty()) {
            for (var g : PyRe.findallGroups(AT_ANSIBLE, combined)) {
                var status = switch (g[0]) {
                    case "ok" -> PASSED;
                    case "failed" -> FAILED;
                    case "skipped" -> SKIPPED;
                    default -> ERROR;
                };
                out.add(new TestResult(g[1], status));
            }
        }
        if (out.isEmpty()) {
            for (var line : PyRe.findall(AT_LINES, combined)) {
                TestStatus status;
                if (line.contains("PASSED") || PyText.lower(line).contains("passed")) status = PASSED;
                else if (line.contains("FAILED") || PyText.lower(line).contains("failed")) status = FAILED;
                else continue;
                for (var part : PyText.split(PyText.strip(line))) {
                    if (part.contains("test/") && part.contains(".py")) {
                        out.add(new TestResult(part, status));
                        break;
                    }
                }
            }
        }
        return out;
    }
}
