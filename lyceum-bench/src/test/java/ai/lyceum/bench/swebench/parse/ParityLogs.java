package ai.lyceum.bench.swebench.parse;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Test logs per parser family for the parity check: hand-written ones for the known traps, then generated ones
 * (seeded) mixing passes, failures, skips, crashes mid-run, interleaved output, unicode names and names with commas,
 * brackets and spaces, CRLF and ANSI colour, the odd invalid UTF-8 byte.
 */
final class ParityLogs {
    record Log(String name, byte[] stdout, byte[] stderr) {
        static Log of(String name, String stdout, String stderr) {
            return new Log(name, stdout.getBytes(StandardCharsets.UTF_8), stderr.getBytes(StandardCharsets.UTF_8));
        }
    }

    static final int GENERATED = 56;

    private ParityLogs() {}

    static List<Log> forFamily(String family) {
        var logs = new ArrayList<Log>();
        logs.add(Log.of("empty", "", ""));
        logs.add(Log.of("stderr-only", "", "Error: something broke\nTypeError: x is undefined\n"));
        logs.add(new Log("invalid-utf8", new byte[] {'a', (byte) 0xff, '\n'}, new byte[0]));
        var random = new Random(family.hashCode());
        switch (family) {
            case "go-v" -> { goHand(logs); for (int i = 0; i < GENERATED; i++) logs.add(goVerbose(random, i)); }
            case "go-json" -> { goJsonHand(logs); for (int i = 0; i < GENERATED; i++) logs.add(goJson(random, i)); }
            case "pytest", "ansible-test" -> { pytestHand(logs); for (int i = 0; i < GENERATED; i++) logs.add(pytest(random, i)); }
            case "mocha-json" -> { mochaHand(logs); for (int i = 0; i < GENERATED; i++) logs.add(mocha(random, i)); }
            case "jest-verbose" -> { jestHand(logs); for (int i = 0; i < GENERATED; i++) logs.add(jestVerbose(random, i)); }
            case "jest-json" -> { jestJsonHand(logs); for (int i = 0; i < GENERATED; i++) logs.add(jestJson(random, i)); }
            case "ospec" -> { ospecHand(logs); for (int i = 0; i < GENERATED; i++) logs.add(ospec(random, i)); }
            default -> throw new IllegalArgumentException(family);
        }
        return logs;
    }

    // ---- names ----

    private static final String[] WORDS = {"Load", "parse", "Config", "cache", "TLS", "user", "Δelta", "日本語", "emoji🚀",
            "with space", "a,b", "x[1]", "br[a b]", "paren(1)", "quote'q", "dq\"x", "back\\slash", "colon::c", "tab\tx", "über"};

    private static String word(Random r) { return WORDS[r.nextInt(WORDS.length)]; }

    private static String ident(Random r) {
        var w = word(r).replaceAll("[^\\p{L}\\p{N}_]", "_");
        return r.nextInt(6) == 0 ? w : "Test" + Character.toUpperCase(w.charAt(0)) + w.substring(1) + r.nextInt(50);
    }

    private static String finish(Random r, String text) {
        if (r.nextInt(8) == 0) text = text.replace("\n", "\r\n");
        if (r.nextInt(6) == 0) text = text.substring(0, r.nextInt(text.length() + 1)); // killed mid-run
        return text;
    }

    private static Log log(Random r, String name, String stdout, String stderr) {
        var out = finish(r, stdout).getBytes(StandardCharsets.UTF_8);
        if (r.nextInt(25) == 0 && out.length > 2) out[r.nextInt(out.length)] = (byte) 0xfe;
        return new Log(name, out, finish(r, stderr).getBytes(StandardCharsets.UTF_8));
    }

    // ---- Go ----

    private static void goHand(List<Log> logs) {
        logs.add(Log.of("go-subtests", """
                === RUN   TestLoad
                === RUN   TestLoad/defaults
                === RUN   TestLoad/tls,_insecure
                    --- PASS: TestLoad/defaults (0.00s)
                    --- FAIL: TestLoad/tls,_insecure (0.01s)
                --- FAIL: TestLoad (0.01s)
                === RUN   TestJSONSchema
                --- PASS: TestJSONSchema (0.02s)
                FAIL
                FAIL\tgo.flipt.io/flipt/internal/config\t0.051s
                """, ""));
        logs.add(Log.of("go-panic", """
                === RUN   TestCache
                panic: runtime error: invalid memory address or nil pointer dereference [recovered]
                goroutine 7 [running]:
                FAIL\tgithub.com/x/y\t0.2s
                """, "exit status 2\n"));
        logs.add(Log.of("go-bare-pass", "--- PASS:\n--- PASS: TestA (0.00s)\n", ""));
        logs.add(Log.of("go-build-failed", "", "# github.com/x/y\n./y.go:3:2: undefined: z\nFAIL\tgithub.com/x/y [build failed]\n"));
        logs.add(Log.of("go-ansi", "\u001b[32m--- PASS: TestColour (0.00s)\u001b[0m\n=== RUN   TestB\n--- SKIP: TestB (0.00s)\n", ""));
    }

    private static Log goVerbose(Random r, int n) {
        var out = new StringBuilder();
        var err = new StringBuilder();
        int tests = r.nextInt(6);
        for (int t = 0; t < tests; t++) {
            var name = ident(r);
            out.append("=== RUN   ").append(name).append('\n');
            if (r.nextInt(3) == 0) out.append("    ").append(name).append("_test.go:").append(r.nextInt(300)).append(": ").append(word(r)).append('\n');
            int subs = r.nextInt(3);
            var statuses = new String[] {"PASS", "PASS", "FAIL", "SKIP"};
            for (int s = 0; s < subs; s++) {
                var sub = name + "/" + word(r).replace(' ', '_');
                out.append("=== RUN   ").append(sub).append('\n');
                if (r.nextInt(8) == 0) out.append("=== PAUSE ").append(sub).append("\n=== CONT  ").append(sub).append('\n');
                out.append("    --- ").append(statuses[r.nextInt(4)]).append(": ").append(sub).append(" (0.0").append(r.nextInt(9)).append("s)\n");
            }
            if (r.nextInt(12) == 0) {
                out.append("panic: test timed out after 10m0s\n");
                break;
            }
            out.append("--- ").append(statuses[r.nextInt(4)]).append(": ").append(name).append(" (").append(r.nextInt(3)).append(".0").append(r.nextInt(9)).append("s)\n");
        }
        out.append(r.nextBoolean() ? "PASS\nok  \tgithub.com/org/pkg\t0.0" + r.nextInt(99) + "s\n" : "FAIL\nFAIL\tgithub.com/org/pkg\t0.1s\n");
        if (r.nextInt(5) == 0) out.append("?   \tgithub.com/org/other\t[no test files]\n");
        if (r.nextInt(5) == 0) err.append("# github.com/org/pkg\nfatal error: concurrent map writes\n");
        if (r.nextInt(6) == 0) err.append("--- FAIL: TestFromStderr (0.00s)\n");
        return log(r, "go-" + n, out.toString(), err.toString());
    }

    private static void goJsonHand(List<Log> logs) {
        logs.add(Log.of("json-scalars", "123\n{\"Action\":\"pass\",\"Test\":\"TestA\"}\n", ""));
        logs.add(Log.of("json-string", "\"TestAction\"\n", ""));
        logs.add(Log.of("json-list", "[\"Test\", \"Action\"]\n", ""));
        logs.add(Log.of("json-text-fallback", "=== RUN   TestA\n--- PASS: TestA (0.00s)\n--- FAIL: TestB (0.10s)\n--- SKIP: TestC\nok  pkg PASS: TestD\n", ""));
        logs.add(Log.of("json-nan", "{\"Action\":\"fail\",\"Test\":\"TestN\",\"Elapsed\":NaN}\n", ""));
    }

    private static Log goJson(Random r, int n) {
        var out = new StringBuilder();
        int tests = r.nextInt(6);
        for (int t = 0; t < tests; t++) {
            var name = ident(r) + (r.nextBoolean() ? "/" + word(r).replace(' ', '_').replace("\"", "\\\"").replace("\\", "\\\\") : "");
            name = name.replace("\t", "\\t");
            out.append("{\"Time\":\"2024-01-01T00:00:00Z\",\"Action\":\"run\",\"Package\":\"github.com/gravitational/teleport/lib\",\"Test\":\"").append(name).append("\"}\n");
            if (r.nextBoolean()) out.append("{\"Action\":\"output\",\"Package\":\"p\",\"Test\":\"").append(name).append("\",\"Output\":\"=== RUN   x\\n\"}\n");
            if (r.nextInt(7) == 0) out.append("# interleaved build line\n");
            var action = new String[] {"pass", "pass", "fail", "skip", "pause"}[r.nextInt(5)];
            out.append("{\"Action\":\"").append(action).append("\",\"Package\":\"p\",\"Test\":\"").append(name).append("\",\"Elapsed\":0.").append(r.nextInt(9)).append("}\n");
        }
        out.append("{\"Action\":\"").append(r.nextBoolean() ? "pass" : "fail").append("\",\"Package\":\"p\",\"Elapsed\":1.2}\n");
        if (r.nextInt(4) == 0) out.append("{\"Action\":\"output\",\"Test\":\"TestCut");
        return log(r, "gojson-" + n, out.toString(), r.nextInt(5) == 0 ? "panic: boom\n" : "");
    }

    // ---- pytest / ansible-test ----

    private static void pytestHand(List<Log> logs) {
        logs.add(Log.of("pytest-basic", """
                ============================= test session starts ==============================
                collected 5 items

                tests/unit/test_utils.py::TestSplit::test_split_args[a=b c] PASSED       [ 20%]
                tests/unit/test_utils.py::test_module_level FAILED                        [ 40%]
                tests/unit/test_utils.py::TestSplit::test_xfail XFAIL (reason)            [ 60%]
                tests/unit/test_utils.py::TestSplit::test_xpass XPASS                     [ 80%]
                tests/unit/test_utils.py::TestSplit::test_skip SKIPPED (no network)       [100%]
                =========================== short test summary info ============================
                FAILED tests/unit/test_utils.py::test_module_level - AssertionError: 1 != 2
                """, ""));
        logs.add(Log.of("ansible-xdist", """
                [gw0] [ 25%] PASSED test/units/module_utils/test_api.py::TestRateLimit::test_ratelimit
                [gw1] [ 50%] FAILED test/units/module_utils/test_api.py::test_retry[1,2]
                [gw0] [ 75%] XFAIL test/units/plugins/test_x.py::TestX::test_y
                [gw1] [100%] XPASS test/units/plugins/test_x.py::TestX::test_z
                """, ""));
        logs.add(Log.of("ansible-test-ok", "ok [test/units/foo.py]\nfailed [bar]\nskipped [baz qux]\n", ""));
        logs.add(Log.of("captured-looks-like-result", "tests/a.py::test_real PASSED\n  print: tests/fake.py::test_fake FAILED\n", "ERRORS tests/b.py::test_err\n"));
        logs.add(Log.of("dots", "tests/test_a.py ..F.sE\ndef test_hidden(x):\n", ""));
        logs.add(Log.of("unittest-dots", "openlibrary/tests/test_x.py::TestA::test_b ... ok\nopenlibrary/tests/test_x.py::TestA::test_c ... FAIL\n", ""));
    }

    private static final String[] PY_PREFIX = {"tests/unit/", "tests/end2end/", "test/units/module_utils/", "test/units/plugins/",
            "openlibrary/tests/core/", "openlibrary/plugins/", "scripts/tests/"};
    private static final String[] PY_STATUS = {"PASSED", "PASSED", "PASSED", "FAILED", "SKIPPED", "ERROR", "XFAIL", "XPASS"};

    private static Log pytest(Random r, int n) {
        var out = new StringBuilder("============================= test session starts ==============================\n");
        var err = new StringBuilder();
        var summary = new StringBuilder();
        boolean xdist = r.nextInt(4) == 0;
        int tests = r.nextInt(8);
        for (int t = 0; t < tests; t++) {
            var file = PY_PREFIX[r.nextInt(PY_PREFIX.length)] + "test_" + word(r).replace(' ', '_').toLowerCase() + ".py";
            var name = file + (r.nextBoolean() ? "::Test" + word(r).replace(' ', '_') : "") + "::test_" + word(r).toLowerCase()
                    + (r.nextInt(3) == 0 ? "[" + word(r) + "-" + r.nextInt(5) + "]" : "");
            var status = PY_STATUS[r.nextInt(PY_STATUS.length)];
            if (xdist) {
                out.append("[gw").append(r.nextInt(4)).append("] [").append(String.format("%3d", 100 * (t + 1) / tests)).append("%] ").append(status).append(' ').append(name).append('\n');
            } else {
                out.append(name).append(' ').append(status);
                if (status.equals("SKIPPED")) out.append(" (" + word(r) + ")");
                out.append(" ".repeat(r.nextInt(8) + 1)).append("[").append(String.format("%3d", 100 * (t + 1) / tests)).append("%]\n");
            }
            if (r.nextInt(5) == 0) out.append("captured: ").append(word(r)).append('\n');
            if (status.equals("FAILED")) summary.append("FAILED ").append(name).append(" - AssertionError: ").append(word(r)).append('\n');
            if (status.equals("ERROR")) summary.append("ERROR ").append(name).append('\n');
        }
        if (!summary.isEmpty()) out.append("=========================== short test summary info ============================\n").append(summary);
        out.append("==== ").append(tests).append(" passed in 0.12s ====\n");
        if (r.nextInt(3) == 0) err.append(r.nextBoolean() ? out.toString() : "ERROR tests/unit/test_x.py::test_collect - ImportError\n");
        if (r.nextInt(8) == 0) out.insert(0, "\u001b[1m\u001b[32m");
        return log(r, "pytest-" + n, out.toString(), err.toString());
    }

    // ---- mocha ----

    private static String js(String s) {
        var sb = new StringBuilder();
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\t' -> sb.append("\\t");
                case '\n' -> sb.append("\\n");
                default -> sb.append(c);
            }
        }
        return sb.toString();
    }

    private static String mochaTest(String title, String fullTitle, String file, boolean failed) {
        return "    {\n      \"title\": \"" + js(title) + "\",\n      \"fullTitle\": \"" + js(fullTitle) + "\",\n      \"file\": \""
                + js(file) + "\",\n      \"duration\": 3,\n      \"currentRetry\": 0,\n      \"err\": {"
                + (failed ? "\n        \"message\": \"expected 1 to equal 2\",\n        \"stack\": \"AssertionError\\n    at Context\"\n      " : "")
                + "}\n    }";
    }

    private static String mochaReport(List<String[]> tests) {
        var passes = new ArrayList<String>();
        var pending = new ArrayList<String>();
        var failures = new ArrayList<String>();
        var all = new ArrayList<String>();
        for (var t : tests) {
            var json = mochaTest(t[0], t[1], t[2], t[3].equals("fail"));
            all.add(json);
            (t[3].equals("pass") ? passes : t[3].equals("fail") ? failures : pending).add(json);
        }
        return "{\n  \"stats\": {\n    \"suites\": 1,\n    \"tests\": " + tests.size() + ",\n    \"passes\": " + passes.size()
                + "\n  },\n  \"tests\": [\n" + String.join(",\n", all) + "\n  ],\n  \"pending\": [\n" + String.join(",\n", pending)
                + "\n  ],\n  \"failures\": [\n" + String.join(",\n", failures) + "\n  ],\n  \"passes\": [\n" + String.join(",\n", passes)
                + "\n  ]\n}\n";
    }

    private static void mochaHand(List<Log> logs) {
        var tests = List.of(new String[] {"should create", "test/user.js::User .create() should create", "/app/test/user.js", "pass"},
                new String[] {"works", "Translator shim works", "/app/test/translator.js", "fail"},
                new String[] {"later", "a::b later", "", "pending"});
        logs.add(Log.of("mocha-basic", mochaReport(tests), ""));
        logs.add(Log.of("mocha-console-array", "[\n  {\n    uid: 1\n  }\n]\n" + mochaReport(tests), ""));
        logs.add(Log.of("mocha-truncated", mochaReport(tests).substring(0, 200), ""));
        logs.add(Log.of("mocha-timeout-empty", "{\n}\n", "timeout\n"));
        logs.add(Log.of("mocha-list-report", "{\n\"passes\": 1\n}\n", ""));
        logs.add(Log.of("mocha-nonstring-file", "{\n\"passes\": [{\"file\": 5, \"fullTitle\": \"x\"}]\n}\n", ""));
    }

    private static final String[] MOCHA_FILES = {"test/user.js", "test/posts.js", "test/api.js", "test/i18n.js", "test/database/hash.js"};

    private static Log mocha(Random r, int n) {
        var tests = new ArrayList<String[]>();
        int count = r.nextInt(7);
        for (int i = 0; i < count; i++) {
            var file = MOCHA_FILES[r.nextInt(MOCHA_FILES.length)];
            var suite = (r.nextInt(3) > 0 ? file + "::" : "") + word(r);
            var title = "should " + word(r);
            tests.add(new String[] {title, suite + " " + title, r.nextBoolean() ? "/app/" + file : file,
                    new String[] {"pass", "pass", "fail", "pending"}[r.nextInt(4)]});
        }
        var out = new StringBuilder();
        if (r.nextInt(3) == 0) out.append("info: [database] Checking database indices.\n");
        if (r.nextInt(6) == 0) out.append("{ uid: 1, username: 'x' }\n");
        if (r.nextInt(8) == 0) out.append("[\n  {\n    \"a\": 1\n  }\n]\n");
        out.append(mochaReport(tests));
        if (r.nextInt(5) == 0) out.append(mochaReport(tests.subList(0, tests.size() / 2)));
        return log(r, "mocha-" + n, out.toString(), r.nextInt(4) == 0 ? "npm WARN deprecated\n" : "");
    }

    // ---- jest verbose ----

    private static final String[] JEST_MARKS = {"✓", "✓", "✔", "✕", "✗", "×", "○", "✎"};

    private static Log jestVerbose(Random r, int n) {
        var text = new StringBuilder();
        int files = r.nextInt(4);
        for (int f = 0; f < files; f++) {
            boolean pass = r.nextInt(3) > 0;
            var file = (r.nextBoolean() ? "test/components/views/" : "applications/mail/src/app/") + word(r).replace(' ', '-') + (r.nextBoolean() ? "-test.tsx" : ".test.ts");
            text.append(pass ? "PASS " : "FAIL ").append(file).append(r.nextBoolean() ? " (" + r.nextInt(9) + ".1 s)" : "").append('\n');
            int suites = r.nextInt(3);
            for (int s = 0; s < suites; s++) {
                int depth = 1 + r.nextInt(2);
                text.append("  ".repeat(depth)).append(word(r)).append('\n');
                int cases = r.nextInt(4);
                for (int c = 0; c < cases; c++) {
                    var mark = JEST_MARKS[r.nextInt(JEST_MARKS.length)];
                    text.append("  ".repeat(depth + 1)).append(mark).append(' ').append(mark.equals("○") && r.nextBoolean() ? "skipped " : "")
                            .append(word(r)).append(' ').append(word(r)).append(r.nextBoolean() ? " (" + r.nextInt(99) + " ms)" : "").append('\n');
                }
            }
            if (r.nextInt(3) == 0) text.append("  ✓ top level ").append(word(r)).append(" (3 ms)\n");
            if (r.nextInt(5) == 0) text.append("  console.log\n    ").append(word(r)).append("\n\n      at Object.<anonymous> (src/x.ts:1:1)\n");
            if (!pass) text.append("  ● ").append(word(r)).append(" › fails\n\n    expect(received).toBe(expected)\n");
        }
        if (r.nextInt(5) == 0) text.append("(node:42) Warning: something\n");
        text.append("Test Suites: 1 failed, ").append(files).append(" total\nTests:       3 passed, 4 total\nTime:        3.2 s\n");
        var where = r.nextInt(3);
        return log(r, "jest-" + n, where != 1 ? text.toString() : "yarn run v1.22\n", where != 0 ? text.toString() : "");
    }

    private static void jestHand(List<Log> logs) {
        var text = "PASS test/components/views/rooms/RoomHeader-test.tsx (5.1 s)\n  RoomHeader\n    ✓ renders the name (25 ms)\n"
                + "    ✕ fails on click (3 ms)\n    ○ skipped later\n  ✓ top level (1 ms)\n"
                + "FAIL applications/mail/src/app/helpers/date.test.ts\n  formatDate\n    ✗ handles UTC, offsets (4 ms)\n    × negative\n"
                + "Test Suites: 1 failed, 1 passed, 2 total\n";
        logs.add(Log.of("jest-stdout", text, ""));
        logs.add(Log.of("jest-stderr", "", text));
        logs.add(Log.of("jest-yarn", "➤ YN0000: packages/components/containers/Foo.test.tsx\n➤ YN0000: ✓ renders (3 ms)\n➤ YN0000: ✗ breaks\n", ""));
        logs.add(Log.of("jest-generic", "✓ build step\n✓ real test here\n○ skipped one\n", ""));
        logs.add(Log.of("jest-bare-pass", "PASS\n", ""));
    }

    // ---- jest --json ----

    private static void jestJsonHand(List<Log> logs) {
        logs.add(Log.of("jestjson-truncated", "{\"numTotalTestSuites\":1,\"testResults\":[{\"name\":\"/app/test/a-test.ts\",\"assertionResults\":[{\"title\":\"x\",\"status\":\"pass}\n", ""));
        logs.add(Log.of("jestjson-strings", "{\"numTotalTestSuites\":1,\"testResults\":[\"a\"]}\n", ""));
        logs.add(Log.of("jestjson-fallback", "PASS test/a-test.ts\nFAIL test/b-test.ts\nSKIP thing\n", ""));
        logs.add(Log.of("jestjson-extra", "{\"numTotalTestSuites\":1} trailing}\n", ""));
    }

    private static Log jestJson(Random r, int n) {
        var suites = new ArrayList<String>();
        int count = r.nextInt(4);
        for (int s = 0; s < count; s++) {
            var cases = new ArrayList<String>();
            int k = r.nextInt(4);
            for (int c = 0; c < k; c++) {
                var ancestors = new ArrayList<String>();
                for (int a = 0; a < r.nextInt(3); a++) ancestors.add("\"" + js(word(r)) + "\"");
                cases.add("{\"ancestorTitles\":[" + String.join(",", ancestors) + "],\"title\":\"" + js(word(r)) + " " + c
                        + "\",\"status\":\"" + new String[] {"passed", "passed", "failed", "pending", "todo", "skipped"}[r.nextInt(6)] + "\"}");
            }
            suites.add("{\"name\":\"/app/test/" + js(word(r)) + "-test.tsx\",\"status\":\"" + (r.nextBoolean() ? "passed" : "failed")
                    + "\",\"message\":\"\",\"assertionResults\":[" + String.join(",", cases) + "]}");
        }
        var json = "{\"numFailedTestSuites\":0,\"numTotalTestSuites\":" + count + ",\"success\":true,\"testResults\":[" + String.join(",", suites) + "]}";
        var out = (r.nextInt(3) == 0 ? "PASS test/x-test.ts\n" : "") + json + "\n";
        return log(r, "jestjson-" + n, out, r.nextInt(4) == 0 ? "Error: jest failed\n" : "");
    }

    // ---- ospec ----

    private static void ospecHand(List<Log> logs) {
        logs.add(Log.of("ospec-all-passed", "running tests\nAll 3065 assertions passed\n", ""));
        logs.add(Log.of("ospec-errors", "3 error(s)\n", ""));
        logs.add(Log.of("ospec-oom", "", "FATAL ERROR: Reached heap limit Allocation failed - JavaScript heap out of memory\n"));
        logs.add(Log.of("ospec-old-style", "All 3064 assertions passed (old style total: 3065)\n", ""));
        logs.add(Log.of("ospec-api-client", "test api\nAll 1200 assertions passed\ntest client\nAll 1864 assertions passed\n", "npm error path /app/test\nfailed with error code 1\n"));
        logs.add(Log.of("ospec-files", "running test/tests/api/FooTest.ts\n", "TypeError: x\nsee test/tests/BarTest.js\n"));
        logs.add(Log.of("ospec-spec", "SPEC O > api > worker > facades > LoginFacade\nTEST creates session\nTEST resumes session\npassing: 2 failing: 1 skipped: 1\n", ""));
    }

    private static Log ospec(Random r, int n) {
        var out = new StringBuilder();
        int specs = r.nextInt(4);
        int tests = 0;
        for (int s = 0; s < specs; s++) {
            out.append("SPEC O > ").append(word(r)).append(r.nextBoolean() ? " > " + word(r) : "").append('\n');
            for (int t = 0; t < r.nextInt(4); t++) {
                out.append("TEST ").append(word(r)).append('\n');
                tests++;
            }
        }
        switch (r.nextInt(5)) {
            case 0 -> out.append("passing: ").append(tests).append(" failing: ").append(r.nextInt(2)).append(" skipped: 0\n");
            case 1 -> out.append("passing: ").append(tests + 1).append(" failing: 0\n");
            case 2 -> out.append(r.nextBoolean() ? "test api\n" : "").append("All ").append(3000 + r.nextInt(100)).append(" assertions passed")
                    .append(r.nextBoolean() ? " (old style total: " + (3000 + r.nextInt(100)) + ")" : "").append('\n');
            case 3 -> out.append(r.nextInt(4)).append(" error(s)\n");
            default -> { }
        }
        var err = r.nextInt(3) == 0 ? "TypeError: cannot read property '" + word(r) + "' of undefined\n" + "x".repeat(r.nextInt(150)) + " Error: long\n" : "";
        return log(r, "ospec-" + n, out.toString(), err);
    }
}
