package ai.lyceum.reward.code;

import static org.assertj.core.api.Assertions.assertThat;

import ai.lyceum.reward.RewardResult;
import ai.lyceum.sandbox.Sandbox;
import ai.lyceum.sandbox.SandboxLimits;
import ai.lyceum.sandbox.SandboxProvider;
import ai.lyceum.task.Task;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The conformance check of a verifier: every reference solution of the real data sets must score full marks
 * through the reward, in the real sandbox. MBPP's exceptions are data findings, listed with their reason.
 */
@Timeout(600)
class GoldSolutionsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    /**
     * MBPP sanitized gold solutions that fail their own tests, and why (checked by hand against the data file).
     * Empty means every gold solution passes.
     */
    private static final Map<String, String> MBPP_KNOWN_FAILURES = Map.of();

    private static Sandbox sandbox;

    @BeforeAll
    static void open() {
        // Generous time: this checks correctness, not speed. MBPP 123's gold amicable_numbers_sum(9999) is quadratic
        // and needs 3-6 s of CPU, at or past the default 5 s per test; and the CI host is shared.
        sandbox = SandboxProvider.named("bwrap").open(SandboxLimits.DEFAULT.withCpu(Duration.ofSeconds(30))
                .withWall(Duration.ofSeconds(120)));
    }

    @AfterAll
    static void close() {
        sandbox.close();
    }

    static Path data(String relative) {
        var root = System.getProperty("lyceum.root");
        var project = root != null ? Path.of(root) : Path.of("").toAbsolutePath().getParent();
        return project.resolve("../shared/data").resolve(relative).normalize();
    }

    static List<Map<String, Object>> readJsonLines(Path file) throws IOException {
        try (InputStream raw = Files.newInputStream(file);
             InputStream in = file.toString().endsWith(".gz") ? new GZIPInputStream(raw) : raw) {
            var rows = new ArrayList<Map<String, Object>>();
            for (var line : new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).split("\n")) {
                if (!line.isBlank()) rows.add(JSON.readValue(line, new TypeReference<>() {}));
            }
            return rows;
        }
    }

    /** Scores every row's gold answer on virtual threads; returns the failures keyed by task id. */
    private static Map<String, String> failures(List<Map<String, Object>> rows, String goldField) throws Exception {
        var reward = new CodeTestReward(new PythonTestRunner(sandbox, Duration.ofSeconds(20)),
                CodeTestReward.Scoring.ALL_TESTS_PASS);
        var futures = new TreeMap<String, Future<RewardResult>>();
        try (var threads = Executors.newVirtualThreadPerTaskExecutor()) {
            for (var row : rows) {
                var id = String.valueOf(row.get("task_id"));
                var task = new Task(id, List.of(ai.lyceum.task.Message.user("solve")), java.util.Optional.empty(), row);
                futures.put(id, threads.submit(() -> reward.score(task, (String) row.get(goldField))));
            }
        }
        var failed = new TreeMap<String, String>();
        for (var entry : futures.entrySet()) {
            var result = entry.getValue().get();
            if (result.value() != 1.0) {
                failed.put(entry.getKey(), result.failure().map(f -> f.type() + ": " + f.detail())
                        .orElse(String.valueOf(result.diagnostics().get("tests"))));
            }
        }
        return failed;
    }

    @Test
    void passesEveryHumanEvalCanonicalSolution() throws Exception {
        var rows = readJsonLines(data("humaneval/HumanEval.jsonl.gz"));
        assertThat(rows).hasSize(164);
        var humanEval = new ArrayList<Map<String, Object>>();
        for (var row : rows) {
            var copy = new java.util.HashMap<>(row);
            copy.put("gold", row.get("canonical_solution"));
            humanEval.add(copy);
        }
        assertThat(failures(humanEval, "gold")).isEmpty();
    }

    @Test
    void passesEveryMbppGoldSolutionButTheListedDataErrors() throws Exception {
        var rows = readJsonLines(data("mbpp/mbpp_sanitized_427.jsonl"));
        assertThat(rows).hasSize(427);
        var failed = failures(rows, "code");
        failed.forEach((id, why) -> System.out.println("MBPP gold failure " + id + ": " + why));
        assertThat(failed.keySet()).isEqualTo(MBPP_KNOWN_FAILURES.keySet());
    }
}
