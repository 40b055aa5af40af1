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
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One ResearchRubrics task ({@code processed_data.jsonl}): {@code prompt}, {@code sample_id}, {@code domain}, the
 * three complexity levels as written in the data, and {@code rubrics} [{criterion, weight, axis}] whose negative
 * weights are penalty items, never inverted. Score with {@link Aggregation#researchRubrics}: unclipped.
 */
public record RrTask(String prompt, String sampleId, String domain, String conceptualBreadth, String logicalNesting,
                     String exploration, Rubric rubrics) {
    private static final Logger LOG = LoggerFactory.getLogger(RrTask.class);

    /** The six axis strings of the benchmark; others are kept as they are, with a warning. */
    public static final Set<String> AXES = Set.of("Explicit Criteria", "Implicit Criteria", "Synthesis of Information",
            "Communication Quality", "Instruction Following", "References & Citation Quality");

    public RrTask {
        Objects.requireNonNull(prompt, "prompt");
        Objects.requireNonNull(sampleId, "sampleId");
        Objects.requireNonNull(domain, "domain");
        Objects.requireNonNull(conceptualBreadth, "conceptualBreadth");
        Objects.requireNonNull(logicalNesting, "logicalNesting");
        Objects.requireNonNull(exploration, "exploration");
        Objects.requireNonNull(rubrics, "rubrics");
    }

    public static List<RrTask> read(Path file) throws DatasetException {
        var rows = DatasetReader.read(file);
        var out = new ArrayList<RrTask>(rows.size());
        for (var row : rows) out.add(of(row));
        return out;
    }

    static RrTask of(Row row) throws DatasetException {
        var f = row.fields();
        var where = row.location();
        if (!f.path("prompt").isTextual()) throw new DatasetException(where + ": missing string field 'prompt'");
        if (!f.path("sample_id").isTextual()) throw new DatasetException(where + ": missing string field 'sample_id'");
        var rubric = RubricJson.parse(f.get("rubrics"), RubricWeighting.DATA_INTEGER, where);
        for (var c : rubric.criteria()) {
            c.axis().filter(a -> !AXES.contains(a)).ifPresent(a -> LOG.warn("{}: unknown axis '{}', kept as is", where, a));
        }
        return new RrTask(f.get("prompt").asText(), f.get("sample_id").asText(), f.path("domain").asText(""),
                f.path("conceptual_breadth").asText(""), f.path("logical_nesting").asText(""),
                f.path("exploration").asText(""), rubric);
    }

    public Task toTask() {
        return new Task(sampleId, List.of(Message.user(prompt)), Optional.empty(), Map.of(
                RubricJson.METADATA_KEY, RubricJson.toMetadata(rubrics), "domain", domain,
                "conceptual_breadth", conceptualBreadth, "logical_nesting", logicalNesting, "exploration", exploration));
    }
}
