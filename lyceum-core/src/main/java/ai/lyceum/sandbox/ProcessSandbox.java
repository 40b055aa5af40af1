package ai.lyceum.sandbox;

import ai.lyceum.failure.Failure;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Semaphore;

/**
 * What the process-based sandboxes share: a semaphore bounding concurrent runs, a fresh host directory holding the
 * run's source files (deleted afterwards), and the reading of a raw process ending into an {@link ExecResult}.
 * Subclasses only say how to wrap the program's command.
 *
 * <p>Concurrency: any number of threads may call {@link #run}; at most {@code concurrency} processes exist at once
 * and the rest wait on the fair semaphore, interruptibly. Nothing else is shared between runs.
 */
abstract sealed class ProcessSandbox implements Sandbox permits BwrapSandbox, NoSandbox {
    /** Interpreters are looked up here, inside and outside bubblewrap alike, never on the caller's PATH. */
    static final String PATH = "/usr/local/bin:/usr/bin:/bin";
    static final byte[] START_MARKER = "\u0001lyceum-sandbox-started\u0001".getBytes(StandardCharsets.UTF_8);
    /** Prints the marker, then becomes the program: {@code sh -c SCRIPT MARKER program args...}. */
    static final String START_SCRIPT = "printf '%s' \"$0\" >&2; exec \"$@\"";

    private final SandboxLimits limits;
    private final Semaphore slots;

    ProcessSandbox(SandboxLimits limits, int concurrency) {
        this.limits = Objects.requireNonNull(limits, "limits");
        if (concurrency < 1) throw new IllegalArgumentException("concurrency must be at least 1, was " + concurrency);
        this.slots = new Semaphore(concurrency, true);
    }

    @Override
    public SandboxLimits limits() { return limits; }

    /** The full command line running {@code program} from {@code hostDir} under {@code limits}. */
    abstract List<String> wrap(List<String> program, Path hostDir, ExecSpec spec, SandboxLimits limits);

    @Override
    public final ExecResult run(ExecSpec spec, SandboxLimits limits) {
        Objects.requireNonNull(spec, "spec");
        Objects.requireNonNull(limits, "limits");
        var missing = Interpreters.missing(spec.language());
        if (missing.isPresent()) return ExecResult.sandboxError(missing.get(), Duration.ZERO);
        try {
            slots.acquire();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return ExecResult.sandboxError("interrupted while waiting for a sandbox slot", Duration.ZERO);
        }
        Path dir = null;
        try {
            dir = writeFiles(spec);
            var prlimit = prlimit(spec.language(), limits);
            var program = new java.util.ArrayList<String>(List.of("/bin/sh", "-c", START_SCRIPT,
                    new String(START_MARKER, StandardCharsets.UTF_8)));
            program.addAll(prlimit);
            program.addAll(spec.language().command(spec, limits));
            var builder = new ProcessBuilder(wrap(program, dir, spec, limits)).directory(dir.toFile());
            builder.environment().clear();
            builder.environment().putAll(Map.of("PATH", PATH, "LANG", "C.UTF-8"));
            var raw = ProcessRunner.run(builder, spec.stdin().getBytes(StandardCharsets.UTF_8), limits.wall(),
                    limits.outputBytes(), START_MARKER);
            return interpret(raw, spec.language(), limits);
        } catch (IOException e) {
            return ExecResult.sandboxError(Failure.excerpt(provider() + ": " + e.getMessage()), Duration.ZERO);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return ExecResult.sandboxError("interrupted; the program was killed", Duration.ZERO);
        } finally {
            slots.release();
            if (dir != null) deleteQuietly(dir);
        }
    }

    /** rlimits applied inside the sandbox, just before the interpreter starts. */
    static List<String> prlimit(Language language, SandboxLimits limits) {
        long cpu = Math.max(1, limits.cpu().toSeconds());
        // Soft below hard so that the CPU limit arrives as SIGXCPU, telling it apart from our own SIGKILL.
        return List.of("/usr/bin/prlimit", "--cpu=" + cpu + ":" + (cpu + 1), "--as=" + language.addressSpace(limits),
                "--nproc=" + language.processes(limits), "--fsize=" + limits.fileBytes(), "--nofile=256", "--core=0", "--");
    }

    static ExecResult interpret(ProcessRunner.Raw raw, Language language, SandboxLimits limits) {
        var stdout = output(raw.stdout());
        var stderr = output(raw.stderr());
        int exit = raw.exitCode();
        if (!raw.started()) {
            var why = raw.timedOut() ? "the sandbox did not start within " + limits.wall().toMillis() + " ms"
                    : "the sandbox failed to start (exit " + exit + "): " + Failure.excerpt(stderr.text());
            return new ExecResult(ExecResult.Outcome.SANDBOX_ERROR, exit, stdout, stderr, raw.wall(), why);
        }
        ExecResult.Outcome outcome;
        String detail;
        if (raw.timedOut()) {
            outcome = ExecResult.Outcome.TIMEOUT;
            detail = "killed at the wall-clock limit of " + limits.wall().toMillis() + " ms";
        } else if (exit == 128 + 24 || exit == 128 + 9) {
            // SIGXCPU comes at the soft CPU limit, SIGKILL at the hard one (or from the kernel's OOM killer).
            outcome = ExecResult.Outcome.LIMIT_EXCEEDED;
            detail = exit == 128 + 24 ? "CPU time limit of " + limits.cpu().toSeconds() + " s"
                    : "killed by SIGKILL (hard CPU limit of " + (limits.cpu().toSeconds() + 1) + " s or the kernel OOM killer)";
        } else if (exit == 128 + 25 || (exit != 0 && stderr.text().contains("File too large"))) {
            outcome = ExecResult.Outcome.LIMIT_EXCEEDED;
            detail = "file size limit of " + limits.fileBytes() + " bytes";
        } else if (exit != 0 && language.outOfMemory(stderr.text())) {
            outcome = ExecResult.Outcome.LIMIT_EXCEEDED;
            detail = "memory limit of " + limits.memoryBytes() + " bytes";
        } else if (stdout.truncated() || stderr.truncated()) {
            outcome = ExecResult.Outcome.OUTPUT_CAPPED;
            detail = "output past " + limits.outputBytes() + " bytes was dropped (stdout " + stdout.totalBytes()
                    + " bytes, stderr " + stderr.totalBytes() + " bytes)";
        } else if (exit != 0) {
            outcome = ExecResult.Outcome.NONZERO_EXIT;
            detail = exit > 128 ? "killed by signal " + (exit - 128) : "exit status " + exit;
        } else {
            outcome = ExecResult.Outcome.OK;
            detail = "";
        }
        return new ExecResult(outcome, exit, stdout, stderr, raw.wall(), detail);
    }

    private static ExecResult.Output output(OutputCapture.Captured captured) {
        return new ExecResult.Output(ProcessRunner.decode(captured.bytes()), captured.total(), captured.truncated());
    }

    private static Path writeFiles(ExecSpec spec) throws IOException {
        // World-readable: when the JVM runs as root, bubblewrap runs as nobody and must read these files.
        var dirPerms = PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x"));
        var dir = Files.createTempDirectory("lyceum-sandbox-", dirPerms);
        for (var file : spec.files().entrySet()) {
            var path = dir.resolve(file.getKey()).normalize();
            if (!path.startsWith(dir)) throw new IOException("file escapes the work directory: " + file.getKey());
            Files.createDirectories(path.getParent());
            Files.writeString(path, file.getValue(), StandardCharsets.UTF_8);
            Files.setPosixFilePermissions(path, PosixFilePermissions.fromString("rw-r--r--"));
        }
        return dir;
    }

    private static void deleteQuietly(Path dir) {
        try (var paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // A leftover temporary directory is harmless; the result already stands.
        }
    }
}
