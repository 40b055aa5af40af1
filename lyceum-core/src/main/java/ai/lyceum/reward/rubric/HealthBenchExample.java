package ai.lyceum.reward.rubric;

import ai.lyceum.dataset.DatasetException;
import ai.lyceum.dataset.DatasetReader;
import ai.lyceum.dataset.Row;
import ai.lyceum.task.Message;
import ai.lyceum.task.Task;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One HealthBench conversation: {@code prompt} (chat messages), {@code prompt_id}, {@code rubrics}
 * [{criterion, points, tags}] whose points may be negative, {@code example_tags}, {@code ideal_completions_data}
 * and {@code canary}. Score with {@link Aggregation#healthBench()}: Σ met points / Σ positive points, clipped.
 */
public record HealthBenchExample(List<Message> prompt, String promptId, Rubric rubrics, List<String> exampleTags,
                                 Optional<String> idealCompletion, String canary) {
    public HealthBenchExample {
        prompt = List.copyOf(prompt);
        Objects.requireNonNull(promptId, "promptId");
        Objects.requireNonNull(rubrics, "rubrics");
        exampleTags = List.copyOf(exampleTags);
        Objects.requireNonNull(idealCompletion, "idealCompletion");
        Objects.requireNonNull(canary, "canary");
    }

    public static List<HealthBenchExample> read(Path file) throws DatasetException {
        var rows = DatasetReader.read(file);
        var out = new ArrayList<HealthBenchExample>(rows.size());
        for (var row : rows) out.add(of(row));
        return out;
    }

    static HealthBenchExample of(Row row) throws DatasetException {
        var f = row.fields();
        var where = row.location();
        var messages = new ArrayList<Message>();
        for (var m : f.path("prompt")) {
            if (!m.path("role").isTextual() || !m.path("content").isTextual()) {
                throw new DatasetException(where + ": prompt message without string role and content: " + m);
            }
            messages.add(new Message(m.get("role").asText(), m.get("content").asText()));
        }
        if (messages.isEmpty()) throw new DatasetException(where + ": 'prompt' must be a non-empty list of messages");
        if (!f.path("prompt_id").isTextual()) throw new DatasetException(where + ": missing string field 'prompt_id'");
        var rubric = RubricJson.parse(f.get("rubrics"), RubricWeighting.DATA_INTEGER, where);
        var tags = new ArrayList<String>();
        for (var t : f.path("example_tags")) tags.add(t.asText());
        var ideal = f.path("ideal_completions_data").path("ideal_completion");
        return new HealthBenchExample(messages, f.get("prompt_id").asText(), rubric, tags,
                ideal.isTextual() ? Optional.of(ideal.asText()) : Optional.empty(), f.path("canary").asText(""));
    }

    /** A task keyed by prompt id; the ideal completion, when present, is the reference. */
    public Task toTask() {
        return new Task(promptId, prompt, idealCompletion,
                Map.of(RubricJson.METADATA_KEY, RubricJson.toMetadata(rubrics), "example_tags", exampleTags));
    }
}
