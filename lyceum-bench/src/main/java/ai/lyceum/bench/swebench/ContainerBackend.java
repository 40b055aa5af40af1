package ai.lyceum.bench.swebench;

import ai.lyceum.bench.swebench.parse.OutputJson;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Runs instances in their official images ({@code jefzda/sweap-images:<tag>}) through the {@code docker} or
 * {@code podman} CLI, as the official harness's local-Docker path does: a {@code /workspace} mount holding the patch,
 * the official {@code run_script.sh} and {@code parser.py} and the entry script; the image's {@code /bin/bash}
 * entrypoint overridden; {@code linux/amd64}; optional {@code --network none}; CPU, memory and wall-clock limits
 * (spec §6 quirk 7). A finished {@code output.json} is reused unless {@code redo} is set (resume).
 */
public final class ContainerBackend {
    /** No container engine answered; the message says what to install. */
    public static final class EngineUnavailable extends IOException {
        EngineUnavailable(String message) { super(message); }
    }

    public record Limits(Duration wall, double cpus, long memoryBytes, boolean blockNetwork) {
        public static final Limits DEFAULT = new Limits(Duration.ofHours(1), 4, 30L << 30, false);
    }

    private final String engine;
    private final Limits limits;

    private ContainerBackend(String engine, Limits limits) {
        this.engine = engine;
        this.limits = limits;
    }

    /** Finds a running engine (docker first, then podman) or fails at once naming what to install. */
    public static ContainerBackend detect(Limits limits) throws EngineUnavailable {
        var tried = new ArrayList<String>();
        for (var engine : List.of("docker", "podman")) {
            try {
                var p = new ProcessBuilder(engine, "info", "--format", "{{.ServerVersion}}{{.Version.Version}}")
                        .redirectErrorStream(true).start();
                var out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
                if (!p.waitFor(20, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                    tried.add(engine + ": no answer within 20 s");
                } else if (p.exitValue() == 0) {
                    return new ContainerBackend(engine, limits);
                } else {
                    tried.add(engine + ": " + firstLine(out));
                }
            } catch (IOException e) {
                tried.add(engine + ": not installed");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new EngineUnavailable("interrupted while probing container engines");
            }
        }
        throw new EngineUnavailable("no container engine is running (" + String.join("; ", tried) + "). The container "
                + "backend needs Docker Engine (apt-get install docker.io, then start dockerd) or Podman (apt-get install "
                + "podman); without one, grade existing logs with 'lyceum swebench grade' (docs/swe-bench-pro.md).");
    }

    private static String firstLine(String s) {
        var nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }

    public String engine() { return engine; }

    /** The official entryscript.sh: ENV lines of both Dockerfiles as exports, then the fixed steps (spec §3 step 5). */
    public static String entryscript(SweProInstance instance, List<String> dockerfileLines) {
        var sb = new StringBuilder();
        for (var line : dockerfileLines) {
            if (line.startsWith("ENV")) sb.append(line.replaceFirst("^ENV", "export")).append('\n');
        }
        sb.append("cd /app\n");
        sb.append("git reset --hard ").append(instance.baseCommit()).append('\n');
        sb.append("git checkout ").append(instance.baseCommit()).append('\n');
        sb.append("git apply -v /workspace/patch.diff\n");
        sb.append(instance.goldTestCheckoutCmd()).append('\n');
        sb.append("bash /workspace/run_script.sh ").append(String.join(",", instance.selectedTests()))
                .append(" > /workspace/stdout.log 2> /workspace/stderr.log\n");
        sb.append("python /workspace/parser.py /workspace/stdout.log /workspace/stderr.log /workspace/output.json\n");
        return sb.toString();
    }

    /**
     * Dockerfile {@code ENV} lines the naive ENV-to-export rewrite gets wrong (spec §6 quirk 4, kept): the legacy
     * {@code ENV KEY value} form and continued lines.
     */
    public static List<String> envWarnings(List<String> dockerfileLines) {
        var out = new ArrayList<String>();
        for (var line : dockerfileLines) {
            if (!line.startsWith("ENV")) continue;
            var rest = line.substring(3).strip();
            if (line.stripTrailing().endsWith("\\")) out.add("continued ENV line, only its first line is exported: " + line);
            else if (!rest.isEmpty() && !rest.split("\\s+")[0].contains("=")) out.add("ENV KEY value form, exported as written: " + line);
        }
        return out;
    }

    /** The engine command line for one instance. */
    public List<String> command(SweProInstance instance, Path workspace) {
        var cmd = new ArrayList<>(List.of(engine, "run", "--rm", "--platform", "linux/amd64", "--entrypoint", "/bin/bash",
                "-v", workspace.toAbsolutePath() + ":/workspace", "--cpus", Double.toString(limits.cpus()),
                "--memory", Long.toString(limits.memoryBytes())));
        if (limits.blockNetwork()) cmd.addAll(List.of("--network", "none"));
        cmd.addAll(List.of(instance.imageRef(), "-c", "bash /workspace/entryscript.sh"));
        return cmd;
    }

    /** A graded container run; {@code patchApplied} is empty when the run was resumed or the engine log is missing. */
    public record ContainerRun(Grading.Verdict verdict, Optional<Boolean> patchApplied) {}

    /**
     * Whether {@code git apply -v} succeeded, from the entry script's output (the engine log): the official script
     * has no {@code set -e} and runs the tests either way (spec §6 quirk 5), so this is recorded, not enforced.
     */
    public static boolean patchApplied(String engineLog, String patch) {
        if (engineLog.lines().anyMatch(l -> l.startsWith("error: ") && !l.startsWith("error: pathspec"))) return false;
        return patch.isBlank() || engineLog.contains("Applied patch");
    }

    /**
     * Runs one instance into {@code outDir/<instance_id>/workspace}; returns the grade. With {@code redo} false, an
     * existing {@code output.json} is graded again without running anything.
     */
    public ContainerRun run(SweProInstance instance, Path scripts, List<String> dockerfileLines, String patch, Path outDir,
                            boolean redo, Grading grading) throws IOException, InterruptedException {
        var ws = Files.createDirectories(outDir.resolve(instance.instanceId()).resolve("workspace"));
        var output = ws.resolve("output.json");
        Optional<Boolean> applied = Optional.empty();
        if (redo || !Files.exists(output)) {
            Files.deleteIfExists(output);
            Files.writeString(ws.resolve("patch.diff"), Patches.stripBinaryHunks(patch));
            Files.copy(scripts.resolve("run_script.sh"), ws.resolve("run_script.sh"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            Files.copy(scripts.resolve("parser.py"), ws.resolve("parser.py"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            Files.writeString(ws.resolve("entryscript.sh"), entryscript(instance, dockerfileLines));
            var p = new ProcessBuilder(command(instance, ws)).redirectErrorStream(true)
                    .redirectOutput(ws.resolve("engine.log").toFile()).start();
            if (!p.waitFor(limits.wall().toSeconds(), TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return new ContainerRun(grading.grade(instance.instanceId(), instance.failToPass(), instance.passToPass(),
                        new Grading.Outcome.InfraError("timed out after " + limits.wall())), Optional.empty());
            }
            applied = Optional.of(patchApplied(Files.readString(ws.resolve("engine.log")), patch));
        }
        Grading.Outcome outcome = Files.exists(output)
                ? new Grading.Outcome.Parsed(OutputJson.read(Files.readString(output)))
                : new Grading.Outcome.NoOutput();
        return new ContainerRun(grading.grade(instance.instanceId(), instance.failToPass(), instance.passToPass(), outcome), applied);
    }

    /** The engine {@link #detect} would use, if one runs (for callers that only probe, like tests). */
    public static Optional<String> availableEngine() {
        try {
            return Optional.of(detect(Limits.DEFAULT).engine());
        } catch (EngineUnavailable e) {
            return Optional.empty();
        }
    }
}
