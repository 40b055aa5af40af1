package ai.lyceum.cli;

import ai.lyceum.bench.swebench.ContainerBackend;
import ai.lyceum.bench.swebench.Grading;
import ai.lyceum.bench.swebench.SweProInstances;
import ai.lyceum.json.Json;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.Semaphore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code lyceum swebench run}: evaluates a patches file ({@code [{"instance_id", "patch"|"model_patch", "prefix"}]})
 * in the official images through docker or podman, with a bounded pool, resume and limits; writes
 * {@code eval_results.json} and {@code results.jsonl}.
 */
@Command(name = "run", mixinStandardHelpOptions = true, description = "Evaluate patches in the official container images.")
final class SwebenchRunCommand implements Callable<Integer> {
    @Option(names = "--patches", required = true, paramLabel = "FILE") Path patches;
    @Option(names = "--instances", required = true, paramLabel = "FILE", description = "published Parquet/JSONL (16 fields)")
    Path instances;
    @Option(names = "--output-dir", required = true, paramLabel = "DIR") Path outputDir;
    @Option(names = "--scripts", paramLabel = "DIR", description = "run_scripts folder") Path scripts;
    @Option(names = "--dockerfiles", paramLabel = "DIR", description = "dockerfiles folder (base_dockerfile, instance_dockerfile)")
    Path dockerfiles;
    @Option(names = "--data-dir", paramLabel = "DIR") Path dataDir;
    @Option(names = "--workers", defaultValue = "4") int workers;
    @Option(names = "--redo", description = "run again even where output.json exists") boolean redo;
    @Option(names = "--block-network", description = "--network none") boolean blockNetwork;
    @Option(names = "--timeout", defaultValue = "3600", paramLabel = "SECONDS") long timeout;

    @Override
    public Integer call() throws Exception {
        if (workers < 1) throw new IllegalArgumentException("--workers must be >= 1");
        // Fail before reading anything large when no engine runs.
        var backend = ContainerBackend.detect(new ContainerBackend.Limits(Duration.ofSeconds(timeout), 4, 30L << 30, blockNetwork));
        var tasks = SweProInstances.load(instances);
        var scriptsDir = scripts != null ? scripts : SwebenchCommand.defaultScripts(dataDir);
        var dockerDir = dockerfiles != null ? dockerfiles
                : (dataDir != null ? dataDir : ai.lyceum.env.Environments.defaultDataDir()).resolve("swe_bench_pro/dockerfiles");
        JsonNode list = Json.newMapper().readTree(patches.toFile());
        if (list == null || !list.isArray()) throw new IllegalArgumentException(patches + ": expected a JSON array of patches");
        var verdicts = new TreeMap<String, Grading.Verdict>();
        var applied = new TreeMap<String, Boolean>();
        var pool = new Semaphore(workers);
        var threads = new ArrayList<Thread>();
        var grading = new Grading(false);
        int index = 0;
        for (var entry : list) {
            index++;
            var id = entry.path("instance_id").asText();
            var task = tasks.get(id);
            if (task == null) {
                System.err.println("swebench run: " + patches + " entry " + index + ": unknown instance " + id + ", skipped");
                continue;
            }
            var patch = entry.has("model_patch") ? entry.get("model_patch").asText() : entry.path("patch").asText();
            pool.acquire();
            threads.add(Thread.ofVirtual().start(() -> {
                try {
                    var lines = new ArrayList<String>();
                    for (var kind : List.of("base_dockerfile", "instance_dockerfile")) {
                        var f = dockerDir.resolve(kind).resolve(id).resolve("Dockerfile");
                        if (Files.exists(f)) lines.addAll(Files.readAllLines(f));
                    }
                    ContainerBackend.envWarnings(lines).forEach(w -> System.err.println(id + ": warning: " + w));
                    var split = task.selectionSplitByCommas();
                    if (!split.isEmpty()) System.err.println(id + ": warning: selected names with commas run split (as officially): " + split);
                    var run = backend.run(task, scriptsDir.resolve(id), lines, patch, outputDir, redo, grading);
                    synchronized (verdicts) {
                        verdicts.put(id, run.verdict());
                        run.patchApplied().ifPresent(a -> applied.put(id, a));
                    }
                    System.out.println(id + ": " + run.verdict().status()
                            + run.patchApplied().filter(a -> !a).map(a -> " (patch did not apply)").orElse(""));
                } catch (Exception e) {
                    var v = grading.grade(id, task.failToPass(), task.passToPass(), new Grading.Outcome.InfraError(e.toString()));
                    synchronized (verdicts) { verdicts.put(id, v); }
                    System.out.println(id + ": INFRA_ERROR " + e.getMessage());
                } finally {
                    pool.release();
                }
            }));
        }
        for (var t : threads) t.join();
        Files.createDirectories(outputDir);
        var mapper = Json.newMapper();
        var results = new TreeMap<String, Boolean>();
        verdicts.forEach((id, v) -> results.put(id, v.resolved()));
        mapper.writerWithDefaultPrettyPrinter().writeValue(outputDir.resolve("eval_results.json").toFile(), results);
        var jsonl = new StringBuilder();
        for (var v : verdicts.values()) {
            var line = mapper.valueToTree(v);
            if (applied.containsKey(v.instanceId())) ((com.fasterxml.jackson.databind.node.ObjectNode) line).put("patch_applied", applied.get(v.instanceId()));
            jsonl.append(mapper.writeValueAsString(line)).append('\n');
        }
        Files.writeString(outputDir.resolve("results.jsonl"), jsonl);
        long resolved = results.values().stream().filter(b -> b).count();
        System.out.printf("resolved %d / %d evaluated (%.2f%%), %d / 731 (%.2f%%)%n", resolved, results.size(),
                results.isEmpty() ? 0.0 : 100.0 * resolved / results.size(), resolved, 100.0 * resolved / 731);
        return 0;
    }

}
