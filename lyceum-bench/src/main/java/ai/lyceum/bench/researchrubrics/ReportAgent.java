package ai.lyceum.bench.researchrubrics;

import ai.lyceum.failure.FailureException;
import ai.lyceum.policy.GenerationRequest;
import ai.lyceum.policy.Policy;
import ai.lyceum.policy.Sampling;
import ai.lyceum.reward.rubric.RrTask;
import ai.lyceum.task.Message;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Writes one report per task with a model: the task's prompt as given, as the only user message, through any
 * {@link Policy} (an OpenAI-compatible server over the Chat or the Responses API). Reports land in
 * {@code dir/<sample_id>.md}; a report already there is kept (a resumed run asks only for the missing ones), and a
 * failed generation becomes a typed missing report whose criteria all fail.
 */
public final class ReportAgent {
    private ReportAgent() {}

    public static Map<String, Report> generate(List<RrTask> tasks, Policy policy, Sampling sampling, Path dir,
                                               PrintStream progress) throws IOException, InterruptedException {
        Files.createDirectories(dir);
        var out = new ConcurrentHashMap<String, Report>();
        var done = new AtomicInteger();
        try (var executor = Executors.newVirtualThreadPerTaskExecutor()) {
            var futures = new ArrayList<Future<?>>();
            for (var task : tasks) {
                futures.add(executor.submit(() -> {
                    var file = dir.resolve(task.sampleId() + ".md");
                    if (Files.isRegularFile(file)) {
                        out.put(task.sampleId(), Report.find(dir, task.sampleId()));
                    } else {
                        var messages = List.of(Message.user(task.prompt()));
                        try {
                            var text = policy.generate(new GenerationRequest(task.toTask(), messages, sampling)).text();
                            var partial = dir.resolve(task.sampleId() + ".md.partial");
                            Files.writeString(partial, text, StandardCharsets.UTF_8);
                            Files.move(partial, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
                            out.put(task.sampleId(), new Report(java.util.Optional.of(text), "", "", java.util.Optional.of(file)));
                        } catch (FailureException e) {
                            out.put(task.sampleId(), Report.missing("agent_" + e.failure().type(), e.failure().detail()));
                        }
                    }
                    int n = done.incrementAndGet();
                    if (progress != null && (n % Math.max(1, tasks.size() / 10) == 0 || n == tasks.size())) {
                        progress.printf("agent: %d/%d reports%n", n, tasks.size());
                    }
                    return null;
                }));
            }
            for (var f : futures) {
                try {
                    f.get();
                } catch (ExecutionException e) {
                    throw new IllegalStateException("report generation crashed: " + e.getCause(), e.getCause());
                }
            }
        }
        return out;
    }
}
