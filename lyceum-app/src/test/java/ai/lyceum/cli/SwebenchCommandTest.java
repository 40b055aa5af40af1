package ai.lyceum.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SwebenchCommandTest {
    private static final Path DATA = Path.of(System.getProperty("lyceum.root", "..")).toAbsolutePath().normalize()
            .resolve("../shared/data").normalize();
    private static final String FLIPT = "instance_flipt-io__flipt-02e21636c58e86c51119b63e0fb5ca7b813b07b1";

    @TempDir
    Path tmp;

    record Result(int code, String out, String err) {}

    static Result run(String... args) {
        var err = new StringWriter();
        var stdout = new ByteArrayOutputStream();
        var stderr = new ByteArrayOutputStream();
        var originalOut = System.out;
        var originalErr = System.err;
        System.setOut(new PrintStream(stdout, true));
        System.setErr(new PrintStream(stderr, true));
        try {
            var cli = Lyceum.commandLine();
            cli.setErr(new PrintWriter(err, true));
            int code = cli.execute(args);
            return new Result(code, stdout.toString(), err + stderr.toString());
        } finally {
            System.setOut(originalOut);
            System.setErr(originalErr);
        }
    }

    @Test
    void parsePrintsTheOfficialOutputJsonShape() throws Exception {
        var out = Files.writeString(tmp.resolve("stdout.log"),
                "=== RUN   TestLoad\n--- PASS: TestLoad (0.01s)\n    --- PASS: TestLoad/sub (0.00s)\n--- FAIL: TestJSONSchema (0.00s)\n");
        var err = Files.writeString(tmp.resolve("stderr.log"), "");
        var r = run("swebench", "parse", "--data-dir", DATA.toString(), "--instance", FLIPT, "--stdout", out.toString(), "--stderr", err.toString());
        assertThat(r.code()).as(r.err()).isZero();
        // flipt's parser reads only top-level PASS lines: the failure and the subtest are not reported.
        assertThat(r.out()).isEqualTo("{\n  \"tests\": [\n    {\n      \"name\": \"TestLoad\",\n      \"status\": \"PASSED\"\n    }\n  ]\n}\n");
        var fixed = run("swebench", "parse", "--mode", "fixed", "--data-dir", DATA.toString(), "--instance", FLIPT,
                "--stdout", out.toString(), "--stderr", err.toString());
        assertThat(fixed.out()).contains("TestLoad/sub").contains("\"name\": \"TestJSONSchema\",\n      \"status\": \"FAILED\"");
    }

    @Test
    void parseExitsNonZeroNamingTheOfficialParsersCrash() throws Exception {
        var out = Files.writeString(tmp.resolve("stdout.log"), "PASS test/a-test.ts\n");
        var r = run("swebench", "parse", "--data-dir", DATA.toString(), "--stdout", out.toString(), "--stderr", out.toString(),
                "--instance", "instance_element-hq__element-web-0337bd1b0aa20dc5db7d62860a7edf379f75a50a-v7b62abc14b88c2d9dacdbcea6f332724656e01f1");
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err()).contains("TypeError: main() missing 1 required positional argument: 'output_path'");
    }

    @Test
    void gradeParsesAndGradesStrictly() throws Exception {
        var log = new StringBuilder();
        for (var t : new String[] {"TestTLSInsecure", "TestTLSCABundle", "TestJSONSchema", "TestLoad"}) log.append("--- PASS: ").append(t).append(" (0.00s)\n");
        var out = Files.writeString(tmp.resolve("stdout.log"), log);
        var err = Files.writeString(tmp.resolve("stderr.log"), "");
        var r = run("swebench", "grade", "--data-dir", DATA.toString(), "--instance", FLIPT, "--stdout", out.toString(), "--stderr", err.toString());
        assertThat(r.code()).as(r.out() + r.err()).isZero();
        assertThat(r.out()).contains("RESOLVED").contains("fail-to-pass 4/4");
        Files.writeString(out, log.toString().replace("--- PASS: TestLoad", "--- FAIL: TestLoad"));
        var failed = run("swebench", "grade", "--data-dir", DATA.toString(), "--instance", FLIPT, "--stdout", out.toString(), "--stderr", err.toString());
        assertThat(failed.code()).isEqualTo(3);
        assertThat(failed.out()).contains("UNRESOLVED").contains("not passed: TestLoad");
    }

    @Test
    void reportReaggregatesPublishedResults() {
        var r = run("swebench", "report", "--data-dir", DATA.toString(), "--json",
                "--results", DATA.resolve("swe_bench_pro/eval_results_claude-45sonnet-10132025.json").toString());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("\"evaluated\":730").contains("\"resolved\":319").contains("\"publicEvaluated\":730");
    }

    @Test
    void agentCommandResolvesATaskFolderAgainstAScriptedServer() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/bwrap"))
                && Files.isDirectory(Path.of("/usr/lib/python3/dist-packages/pytest")), "bubblewrap or python3-pytest missing");
        var dir = Files.createDirectories(tmp.resolve("tasks/calc"));
        var repo = Files.createDirectories(dir.resolve("repo"));
        git(repo, "init", "-q");
        Files.writeString(repo.resolve("calc.py"), "def mul(a, b):\n    return a + b\n");
        Files.createDirectories(repo.resolve("tests"));
        Files.writeString(repo.resolve("tests/conftest.py"), "import sys, os\nsys.path.insert(0, os.path.dirname(os.path.dirname(__file__)))\n");
        git(repo, "add", "-A");
        git(repo, "-c", "user.name=t", "-c", "user.email=t@t", "commit", "-qm", "base");
        var base = git(repo, "rev-parse", "HEAD").strip();
        Files.writeString(repo.resolve("tests/test_calc.py"), "from calc import mul\n\n\ndef test_mul():\n    assert mul(2, 3) == 6\n");
        git(repo, "add", "-A");
        git(repo, "-c", "user.name=t", "-c", "user.email=t@t", "commit", "-qm", "test");
        var sol = git(repo, "rev-parse", "HEAD").strip();
        git(repo, "checkout", "-q", base);
        Files.copy(DATA.resolve("swe_bench_pro/run_scripts/instance_internetarchive__openlibrary-00bec1e7c8f3272c469a58e1377df03f955ed478-v13642507b4fc1f8d234172bf8129942da2c2ca26/parser.py"),
                dir.resolve("parser.py"));
        Files.writeString(dir.resolve("run_script.sh"), "IFS=',' read -r -a f <<< \"$1\"\npython3 -m pytest -v -p no:cacheprovider \"${f[@]}\"\n");
        var row = new java.util.LinkedHashMap<String, String>();
        row.put("instance_id", "instance_lyceum__calc-" + sol);
        row.put("repo", "lyceum/calc");
        row.put("base_commit", base);
        row.put("problem_statement", "mul adds instead of multiplying");
        row.put("fail_to_pass", "['tests/test_calc.py::test_mul']");
        row.put("pass_to_pass", "[]");
        row.put("before_repo_set_cmd", "git checkout " + sol + " -- tests/test_calc.py");
        row.put("selected_test_files_to_run", "['tests/test_calc.py']");
        Files.writeString(dir.resolve("instance.json"), ai.lyceum.json.Json.newMapper().writeValueAsString(row) + "\n");
        var fix = "```bash\nsed -i 's/a + b/a * b/' calc.py && cat calc.py\n```";
        try (var stub = ai.lyceum.policy.openai.StubServer.start(ai.lyceum.policy.openai.StubServer.Faults.none(java.time.Duration.ZERO),
                last -> last.startsWith("Observation") ? "submit" : fix, 1)) {
            var r = run("swebench", "agent", "--tasks", tmp.resolve("tasks").toString(), "--run-dir", tmp.resolve("run").toString(),
                    "--policy", "openai", "--base-url", stub.baseUrl().toString(), "--model", "stub", "--max-turns", "5");
            assertThat(r.code()).as(r.out() + r.err()).isZero();
            assertThat(r.out()).contains("reward 1.0").contains("1 resolved of 1");
        }
    }

    static String git(Path dir, String... args) throws Exception {
        var cmd = new java.util.ArrayList<>(java.util.List.of("git"));
        cmd.addAll(java.util.List.of(args));
        var p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
        var out = new String(p.getInputStream().readAllBytes());
        if (p.waitFor() != 0) throw new java.io.IOException(out);
        return out;
    }

    @Test
    void runFailsAtOnceWithoutAContainerEngine() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(ai.lyceum.bench.swebench.ContainerBackend.availableEngine().isEmpty());
        var r = run("swebench", "run", "--patches", tmp.resolve("none.json").toString(), "--instances",
                tmp.resolve("none.jsonl").toString(), "--output-dir", tmp.resolve("out").toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("no container engine is running").contains("apt-get install docker.io");
    }
}
