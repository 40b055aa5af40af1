package ai.lyceum.bench.swebench;

import static org.assertj.core.api.Assertions.assertThat;

import ai.lyceum.sandbox.Sandbox;
import ai.lyceum.sandbox.SandboxLimits;
import ai.lyceum.sandbox.SandboxProvider;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole pipeline on small self-made repositories (Python/pytest, Go, JavaScript/mocha) in the bubblewrap
 * sandbox, graded by the official parsers' ports: the gold patch resolves, an empty patch does not, and a patch that
 * breaks a pass-to-pass test does not. Each language is skipped when its toolchain is absent.
 */
class LocalBackendTest {
    static Sandbox sandbox;

    @TempDir
    Path tmp;

    @BeforeAll
    static void openSandbox() {
        var limits = SandboxLimits.DEFAULT.withWall(Duration.ofSeconds(120)).withCpu(Duration.ofSeconds(60))
                .withMemoryBytes(1L << 30).withProcesses(256).withScratchBytes(512L << 20).withOutputBytes(1 << 20);
        Assumptions.assumeTrue(on("bwrap"), "bubblewrap not installed");
        sandbox = SandboxProvider.named("bwrap").open(limits, 2);
    }

    @AfterAll
    static void close() throws Exception {
        if (sandbox != null) sandbox.close();
    }

    static boolean on(String tool) {
        for (var dir : List.of("/usr/bin", "/usr/local/bin", "/bin")) if (Files.isExecutable(Path.of(dir, tool))) return true;
        return false;
    }

    /** A repo with a base commit (bug, passing P2P test) and a solution commit (fix plus the F2P test). */
    record Task(SweProInstance instance, Path repo, Path scripts, String gold, String breaking) {}

    static Task task(Path tmp, String name, Map<String, String> base, Map<String, String> solution, String codeFile,
                      String testFile, String breakFrom, String breakTo, String officialParserOf, String runScript,
                      List<String> f2p, List<String> p2p, List<String> selected) throws Exception {
        var repo = Files.createDirectories(tmp.resolve(name));
        git(repo, "init", "-q");
        write(repo, base);
        git(repo, "add", "-A");
        git(repo, "-c", "user.name=t", "-c", "user.email=t@t", "commit", "-qm", "base");
        var baseSha = git(repo, "rev-parse", "HEAD").strip();
        write(repo, solution);
        git(repo, "add", "-A");
        git(repo, "-c", "user.name=t", "-c", "user.email=t@t", "commit", "-qm", "fix");
        var solSha = git(repo, "rev-parse", "HEAD").strip();
        var gold = git(repo, "diff", baseSha, solSha, "--", codeFile);
        var broken = solution.get(codeFile).replace(breakFrom, breakTo);
        Files.writeString(repo.resolve(codeFile), broken);
        var breaking = git(repo, "diff", baseSha, "--", codeFile);
        git(repo, "checkout", "-q", "--", codeFile);
        var scripts = Files.createDirectories(tmp.resolve(name + "-scripts"));
        Files.copy(SharedData.sweBenchPro().resolve("run_scripts").resolve(officialParserOf).resolve("parser.py"), scripts.resolve("parser.py"));
        Files.writeString(scripts.resolve("run_script.sh"), runScript);
        var json = (java.util.function.Function<List<String>, String>) SweProInstances.JsonList::render;
        var id = "instance_lyceum__" + name + "-" + solSha;
        var instance = new SweProInstance(id, "lyceum/" + name, baseSha, gold, "", "Fix it.", "", "", "python", "", "",
                json.apply(f2p), json.apply(p2p), "git reset --hard " + baseSha + "\ngit checkout " + solSha + " -- " + testFile,
                json.apply(selected), "");
        return new Task(instance, repo, scripts, gold, breaking);
    }

    private void check(Task t) throws Exception {
        var backend = new LocalBackend(sandbox, new Grading(false));
        var gold = backend.run(t.instance(), t.repo(), t.scripts(), t.gold());
        assertThat(gold.verdict().resolved()).as("gold patch\nstdout:\n" + gold.stdout() + "\nstderr:\n" + gold.stderr()).isTrue();
        assertThat(gold.patchApplied()).isTrue();
        var empty = backend.run(t.instance(), t.repo(), t.scripts(), "");
        assertThat(empty.verdict().resolved()).isFalse();
        assertThat(empty.patchApplied()).isFalse();
        assertThat(empty.verdict().missing()).containsAll(t.instance().failToPass());
        var breaking = backend.run(t.instance(), t.repo(), t.scripts(), t.breaking());
        assertThat(breaking.verdict().resolved()).as(breaking.stdout()).isFalse();
        assertThat(breaking.verdict().failToPassPassed()).isEqualTo(t.instance().failToPass().size());
        assertThat(breaking.verdict().missing()).containsExactlyElementsOf(t.instance().passToPass());
    }

    @Test
    void pythonRepositoryWithPytest() throws Exception {
        Assumptions.assumeTrue(pytestAvailable(), "python3-pytest not installed");
        check(pythonTask(tmp));
    }

    static boolean pytestAvailable() {
        return on("python3") && Files.isDirectory(Path.of("/usr/lib/python3/dist-packages/pytest"));
    }

    /** The Python task: {@code mul} is wrong at the base commit; the solution fixes it and adds {@code test_mul}. */
    static Task pythonTask(Path tmp) throws Exception {
        var base = Map.of("calc.py", "def add(a, b):\n    return a + b\n\n\ndef mul(a, b):\n    return a + b\n",
                "tests/test_calc.py", "from calc import add\n\n\ndef test_add():\n    assert add(2, 3) == 5\n",
                "tests/conftest.py", "import sys, os\nsys.path.insert(0, os.path.dirname(os.path.dirname(__file__)))\n");
        var solution = Map.of("calc.py", "def add(a, b):\n    return a + b\n\n\ndef mul(a, b):\n    return a * b\n",
                "tests/test_calc.py", "from calc import add, mul\n\n\ndef test_add():\n    assert add(2, 3) == 5\n\n\ndef test_mul():\n    assert mul(2, 3) == 6\n");
        var run = "#!/bin/bash\nIFS=',' read -r -a files <<< \"$1\"\nexport PYTHONDONTWRITEBYTECODE=1\npython3 -m pytest -v -p no:cacheprovider \"${files[@]}\"\n";
        return task(tmp, "calc-py", base, solution, "calc.py", "tests/test_calc.py", "return a + b\n\n\ndef mul", "return a - b\n\n\ndef mul",
                "instance_internetarchive__openlibrary-00bec1e7c8f3272c469a58e1377df03f955ed478-v13642507b4fc1f8d234172bf8129942da2c2ca26",
                run, List.of("tests/test_calc.py::test_mul"), List.of("tests/test_calc.py::test_add"), List.of("tests/test_calc.py"));
    }

    @Test
    void goRepositoryWithGoTest() throws Exception {
        Assumptions.assumeTrue(on("go"), "golang-go not installed");
        var base = Map.of("go.mod", "module example.com/calc\n\ngo 1.18\n",
                "calc.go", "package calc\n\nfunc Add(a, b int) int { return a + b }\n\nfunc Mul(a, b int) int { return a + b }\n",
                "calc_test.go", "package calc\n\nimport \"testing\"\n\nfunc TestAdd(t *testing.T) {\n\tif Add(2, 3) != 5 {\n\t\tt.Fatal(\"add\")\n\t}\n}\n");
        var solution = Map.of("calc.go", "package calc\n\nfunc Add(a, b int) int { return a + b }\n\nfunc Mul(a, b int) int { return a * b }\n",
                "calc_test.go", "package calc\n\nimport \"testing\"\n\nfunc TestAdd(t *testing.T) {\n\tif Add(2, 3) != 5 {\n\t\tt.Fatal(\"add\")\n\t}\n}\n\n"
                        + "func TestMul(t *testing.T) {\n\tif Mul(2, 3) != 6 {\n\t\tt.Fatal(\"mul\")\n\t}\n}\n");
        var run = "#!/bin/bash\nIFS=',' read -r -a tests <<< \"$1\"\npattern=$(IFS='|'; echo \"${tests[*]}\")\n"
                + "export GOCACHE=/tmp/gocache GOPATH=/tmp/gopath GOFLAGS=-mod=mod GOTOOLCHAIN=local\n"
                + "go test -v -run \"^(${pattern})$\" ./...\n";
        check(task(tmp, "calc-go", base, solution, "calc.go", "calc_test.go", "Add(a, b int) int { return a + b }", "Add(a, b int) int { return a - b }",
                "instance_navidrome__navidrome-0130c6dc13438b48cf0fdfab08a89e357b5517c9",
                run, List.of("TestMul"), List.of("TestAdd"), List.of("TestAdd", "TestMul")));
    }

    @Test
    void javascriptRepositoryWithMocha() throws Exception {
        Assumptions.assumeTrue(on("node") && on("mocha"), "nodejs or mocha not installed");
        var base = Map.of("calc.js", "exports.add = (a, b) => a + b;\nexports.mul = (a, b) => a + b;\n",
                "test/calc.js", "const assert = require('assert');\nconst calc = require('../calc');\n"
                        + "describe('calc', () => {\n  it('adds', () => assert.strictEqual(calc.add(2, 3), 5));\n});\n");
        var solution = Map.of("calc.js", "exports.add = (a, b) => a + b;\nexports.mul = (a, b) => a * b;\n",
                "test/calc.js", "const assert = require('assert');\nconst calc = require('../calc');\n"
                        + "describe('calc', () => {\n  it('adds', () => assert.strictEqual(calc.add(2, 3), 5));\n"
                        + "  it('multiplies', () => assert.strictEqual(calc.mul(2, 3), 6));\n});\n");
        var run = "#!/bin/bash\nIFS=',' read -r -a files <<< \"$1\"\n# Debian's mocha finds its modules through NODE_PATH when node is not Debian's own.\nexport NODE_PATH=/usr/share/nodejs:/usr/lib/nodejs\nmocha --reporter=json \"${files[@]}\"\n";
        check(task(tmp, "calc-js", base, solution, "calc.js", "test/calc.js", "add = (a, b) => a + b", "add = (a, b) => a - b",
                "instance_NodeBB__NodeBB-05f2236193f407cf8e2072757fbd6bb170bc13f0-vf2cf3cbd463b7ad942381f1c6d077626485a1e9e",
                run, List.of("/work/test/calc.js | calc multiplies"), List.of("/work/test/calc.js | calc adds"), List.of("test/calc.js")));
    }

    private static void write(Path repo, Map<String, String> files) throws IOException {
        for (var e : files.entrySet()) {
            var p = repo.resolve(e.getKey());
            Files.createDirectories(p.getParent());
            Files.writeString(p, e.getValue());
        }
    }

    static String git(Path dir, String... args) throws Exception {
        var cmd = new ArrayList<>(List.of("git"));
        cmd.addAll(List.of(args));
        var p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
        var out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) throw new IOException("git " + String.join(" ", args) + ": " + out);
        return out;
    }
}
