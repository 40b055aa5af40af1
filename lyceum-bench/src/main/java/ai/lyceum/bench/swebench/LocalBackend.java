package ai.lyceum.bench.swebench;

import ai.lyceum.bench.swebench.parse.OfficialParsers;
import ai.lyceum.bench.swebench.parse.OutputJson;
import ai.lyceum.bench.swebench.parse.ParserCrash;
import ai.lyceum.sandbox.ExecResult;
import ai.lyceum.sandbox.ExecSpec;
import ai.lyceum.sandbox.Language;
import ai.lyceum.sandbox.Sandbox;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Runs an instance on a local git repository instead of its container image: the official steps of
 * {@code entryscript.sh} (reset to the base commit, {@code git apply -v} the patch with binary hunks stripped,
 * check out the graded test files from the solution commit, {@code run_script.sh} with the comma-joined selection,
 * the instance's parser), with the repository's tests run in the sandbox (bubblewrap: no network, limits). The git
 * steps run on the host on a private clone; nothing from the patch is executed outside the sandbox.
 */
public final class LocalBackend {
    private static final java.util.regex.Pattern SAFE_PATH =
            java.util.regex.Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.-]*(/[A-Za-z0-9_][A-Za-z0-9_.-]*)*");
    private final Sandbox sandbox;
    private final Grading grading;

    public LocalBackend(Sandbox sandbox, Grading grading) {
        this.sandbox = sandbox;
        this.grading = grading;
    }

    /**
     * @param repo    a git repository holding the base and solution commits
     * @param scripts the instance's folder with {@code run_script.sh} and {@code parser.py}
     */
    public RunOutcome run(SweProInstance instance, Path repo, Path scripts, String patch) throws IOException, InterruptedException {
        long start = System.nanoTime();
        var work = Files.createTempDirectory("swebench-");
        try {
            var app = work.resolve("app");
            git(work, "clone", "-q", "--no-hardlinks", repo.toAbsolutePath().toString(), app.toString());
            git(app, "reset", "-q", "--hard", instance.baseCommit());
            git(app, "checkout", "-q", instance.baseCommit());
            var patchFile = work.resolve("patch.diff");
            Files.writeString(patchFile, Patches.stripBinaryHunks(patch));
            // As officially: an empty patch makes git apply fail, and the tests run regardless.
            boolean applied = gitOk(app, "apply", "-v", patchFile.toString());
            var checkout = new ArrayList<String>(Patches.checkoutArgs(instance.goldTestCheckoutCmd()));
            git(app, checkout.toArray(String[]::new));

            var files = sourceFiles(app);
            files.put("_swebench/run_script.sh", Files.readString(scripts.resolve("run_script.sh")));
            files.put("_swebench/main.sh", "cd /work && exec bash _swebench/run_script.sh \"$1\"\n");
            var spec = new ExecSpec(Language.BASH, files, "_swebench/main.sh", List.of(String.join(",", instance.selectedTests())), "");
            ExecResult result = sandbox.run(spec);
            var stdout = result.stdout().text();
            var stderr = result.stderr().text();
            Grading.Outcome outcome;
            Optional<String> json = Optional.empty();
            if (result.outcome() != ExecResult.Outcome.OK && result.outcome() != ExecResult.Outcome.NONZERO_EXIT) {
                outcome = new Grading.Outcome.InfraError(result.outcome() + ": " + result.detail());
            } else {
                try {
                    var tests = OfficialParsers.forFile(scripts.resolve("parser.py"))
                            .run(stdout.getBytes(StandardCharsets.UTF_8), stderr.getBytes(StandardCharsets.UTF_8));
                    json = Optional.of(OutputJson.write(tests));
                    outcome = new Grading.Outcome.Parsed(tests);
                } catch (ParserCrash e) {
                    outcome = new Grading.Outcome.ParserCrashed(e.getMessage());
                }
            }
            var verdict = grading.grade(instance.instanceId(), instance.failToPass(), instance.passToPass(), outcome);
            return new RunOutcome(instance.instanceId(), applied, stdout, stderr, json, verdict,
                    Duration.ofNanos(System.nanoTime() - start));
        } finally {
            deleteTree(work);
        }
    }

    /** The work tree's text files (the sandbox takes sources as text); .git stays on the host. */
    private static Map<String, String> sourceFiles(Path app) throws IOException {
        var out = new LinkedHashMap<String, String>();
        try (var walk = Files.walk(app)) {
            for (var path : walk.filter(Files::isRegularFile).sorted().toList()) {
                var rel = app.relativize(path).toString();
                if (rel.startsWith(".git/") || rel.equals(".git")) continue;
                // The sandbox takes plain relative paths only: dotfiles are left out (said in docs/swe-bench-pro.md).
                if (!SAFE_PATH.matcher(rel).matches()) continue;
                var decoder = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT);
                try {
                    out.put(rel, decoder.decode(java.nio.ByteBuffer.wrap(Files.readAllBytes(path))).toString());
                } catch (CharacterCodingException e) {
                    throw new IOException(rel + ": binary files are not supported by the local backend");
                }
            }
        }
        return out;
    }

    private static void git(Path dir, String... args) throws IOException, InterruptedException {
        var r = gitRun(dir, args);
        if (r.exit != 0) throw new IOException("git " + String.join(" ", args) + " failed: " + r.output);
    }

    private static boolean gitOk(Path dir, String... args) throws IOException, InterruptedException {
        return gitRun(dir, args).exit == 0;
    }

    private record GitResult(int exit, String output) {}

    private static GitResult gitRun(Path dir, String... args) throws IOException, InterruptedException {
        var command = new ArrayList<String>(List.of("git", "-c", "core.hooksPath=/dev/null", "-c", "advice.detachedHead=false"));
        command.addAll(List.of(args));
        var p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        var out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException("git " + String.join(" ", args) + " timed out");
        }
        return new GitResult(p.exitValue(), out);
    }

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) return;
        try (var walk = Files.walk(root)) {
            for (var p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
        }
    }
}
