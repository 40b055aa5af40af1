package ai.lyceum.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Ordinary runs through real bubblewrap: languages, stdin, arguments, exit codes, concurrency. */
@Timeout(120)
class BwrapSandboxTest {
    private static Sandbox sandbox;

    @BeforeAll
    static void open() {
        sandbox = SandboxProvider.named("bwrap").open(SandboxLimits.DEFAULT);
    }

    @AfterAll
    static void close() {
        sandbox.close();
    }

    @Test
    void runsPythonAndCapturesBothStreams() {
        var result = sandbox.run(ExecSpec.of(Language.PYTHON, "import sys\nprint('out')\nprint('err', file=sys.stderr)"));
        assertThat(result.outcome()).isEqualTo(ExecResult.Outcome.OK);
        assertThat(result.exitCode()).isZero();
        assertThat(result.stdout().text()).isEqualTo("out\n");
        assertThat(result.stderr().text()).isEqualTo("err\n");
        assertThat(result.stdout().truncated()).isFalse();
    }

    @Test
    void feedsStdinAndArguments() {
        var spec = ExecSpec.of(Language.PYTHON, "import sys\nprint(sys.stdin.read().upper(), sys.argv[1:])")
                .withStdin("hello").withArgs(List.of("a", "b c"));
        assertThat(sandbox.run(spec).stdout().text()).isEqualTo("HELLO ['a', 'b c']\n");
    }

    @Test
    void reportsANonZeroExitAsSuchWithItsStatus() {
        var result = sandbox.run(ExecSpec.of(Language.PYTHON, "raise SystemExit(3)"));
        assertThat(result.outcome()).isEqualTo(ExecResult.Outcome.NONZERO_EXIT);
        assertThat(result.exitCode()).isEqualTo(3);
    }

    @Test
    void runsNodePrograms() {
        var result = sandbox.run(ExecSpec.of(Language.NODE, "console.log([1, 2, 3].map(x => x * 2).join(','))"));
        assertThat(result.outcome()).isEqualTo(ExecResult.Outcome.OK);
        assertThat(result.stdout().text()).isEqualTo("2,4,6\n");
    }

    @Test
    void runsSingleFileJavaProgramsFromSource() {
        var source = """
                public class Main {
                    public static void main(String[] args) {
                        System.out.println(java.util.stream.IntStream.rangeClosed(1, 10).sum());
                    }
                }
                """;
        var result = sandbox.run(ExecSpec.of(Language.JAVA, source));
        assertThat(result.outcome()).as(result.stderr().text()).isEqualTo(ExecResult.Outcome.OK);
        assertThat(result.stdout().text()).isEqualTo("55\n");
    }

    @Test
    void letsProgramsImportTheirOtherFilesAndWriteToTheirWorkDirectory() {
        var spec = new ExecSpec(Language.PYTHON, Map.of("main.py", "import helper\nhelper.go()", "helper.py",
                "def go():\n    open('/work/out.txt', 'w').write('x')\n    open('/tmp/t', 'w').write('y')\n    print('wrote')"),
                "main.py", List.of(), "");
        assertThat(sandbox.run(spec).stdout().text()).isEqualTo("wrote\n");
    }

    @Test
    void givesEachRunAFreshWorkDirectory() {
        sandbox.run(ExecSpec.of(Language.PYTHON, "open('/tmp/left-behind', 'w').write('x')"));
        var result = sandbox.run(ExecSpec.of(Language.PYTHON, "import os\nprint(os.path.exists('/tmp/left-behind'))"));
        assertThat(result.stdout().text()).isEqualTo("False\n");
    }

    @Test
    void servesManyVirtualThreadsAtOnceWithoutMixingResults() throws Exception {
        try (var threads = Executors.newVirtualThreadPerTaskExecutor()) {
            var futures = new ArrayList<Future<ExecResult>>();
            for (int i = 0; i < 24; i++) {
                var code = "print(" + i + " * 7)";
                futures.add(threads.submit(() -> sandbox.run(ExecSpec.of(Language.PYTHON, code))));
            }
            for (int i = 0; i < futures.size(); i++) {
                assertThat(futures.get(i).get().stdout().text()).isEqualTo(i * 7 + "\n");
            }
        }
    }

    @Test
    void reportsAProgramThatWritesFirstToStderrWithoutMistakingItForTheSandbox() {
        var result = sandbox.run(ExecSpec.of(Language.PYTHON, "import sys\nsys.stderr.write('bwrap: fake failure\\n')\nsys.exit(1)"));
        assertThat(result.outcome()).isEqualTo(ExecResult.Outcome.NONZERO_EXIT);
        assertThat(result.stderr().text()).isEqualTo("bwrap: fake failure\n");
    }

    @Test
    void capsOutputKeepingThePrefixAndCountingTheRest() {
        var small = sandbox.limits().withOutputBytes(10);
        var result = sandbox.run(ExecSpec.of(Language.PYTHON, "print('0123456789abcdef')"), small);
        assertThat(result.outcome()).isEqualTo(ExecResult.Outcome.OUTPUT_CAPPED);
        assertThat(result.stdout().text()).isEqualTo("0123456789");
        assertThat(result.stdout().totalBytes()).isEqualTo(17);
        assertThat(result.stdout().truncated()).isTrue();
    }

    @Test
    void stopsAProgramAtItsCpuLimit() {
        var result = sandbox.run(ExecSpec.of(Language.PYTHON, "while True: pass"),
                sandbox.limits().withCpu(Duration.ofSeconds(1)).withWall(Duration.ofSeconds(20)));
        assertThat(result.outcome()).isEqualTo(ExecResult.Outcome.LIMIT_EXCEEDED);
        assertThat(result.detail()).contains("CPU");
    }

    @Test
    void stopsAProgramAtItsFileSizeLimit() {
        var result = sandbox.run(ExecSpec.of(Language.PYTHON, "f = open('big', 'w')\nf.write('x' * 100000)\nf.close()"),
                sandbox.limits().withFileBytes(1000));
        assertThat(result.outcome()).isEqualTo(ExecResult.Outcome.LIMIT_EXCEEDED);
        assertThat(result.detail()).contains("file size");
    }
}
