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
    void runFailsAtOnceWithoutAContainerEngine() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(ai.lyceum.bench.swebench.ContainerBackend.availableEngine().isEmpty());
        var r = run("swebench", "run", "--patches", tmp.resolve("none.json").toString(), "--instances",
                tmp.resolve("none.jsonl").toString(), "--output-dir", tmp.resolve("out").toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("no container engine is running").contains("apt-get install docker.io");
    }
}
