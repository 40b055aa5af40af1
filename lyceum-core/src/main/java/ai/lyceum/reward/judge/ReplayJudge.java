package ai.lyceum.reward.judge;

import ai.lyceum.dataset.DatasetException;
import ai.lyceum.dataset.DatasetReader;
import ai.lyceum.failure.Failure;
import ai.lyceum.reward.rubric.CriterionOutcome;
import ai.lyceum.reward.rubric.Judge;
import ai.lyceum.reward.rubric.JudgeInput;
import ai.lyceum.reward.rubric.RatingOutcome;
import ai.lyceum.reward.rubric.Verdict;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Grades from stored verdicts, so scores can be recomputed without any model: human grades, cached grades, or the
 * {@code verdicts} a previous {@code lyceum score rubric} run wrote. Verdicts are a list parallel to the rubric;
 * each entry is a contract string ({@code "satisfied"}, {@code "partially_satisfied"}, {@code "not_satisfied"}),
 * a boolean (HealthBench's {@code criteria_met}), or an object with {@code verdict} (other keys are kept). An
 * entry for a programmatically checked criterion is ignored (that criterion is checked again). Ratings come from
 * {@code rating}.
 *
 * <p>The grades come either from each input's own fields ({@link #fromInputs()}) or from a JSONL file of
 * {@code {"id": …, "verdicts": […], "rating": n}} keyed by input id ({@link #fromFile}).
 */
public final class ReplayJudge implements Judge {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Optional<Map<String, JsonNode>> byId;
    private final String description;

    private ReplayJudge(Optional<Map<String, JsonNode>> byId, String description) {
        this.byId = byId;
        this.description = description;
    }

    /** Reads {@code verdicts} and {@code rating} from each input's metadata (its input line's fields). */
    public static ReplayJudge fromInputs() { return new ReplayJudge(Optional.empty(), "replay:input"); }

    /** Reads grades from a JSONL (or Parquet) file of {@code {id, verdicts, rating}}; ids must be unique. */
    public static ReplayJudge fromFile(Path file) throws DatasetException {
        var map = new HashMap<String, JsonNode>();
        for (var row : DatasetReader.read(file)) {
            var id = row.fields().get("id");
            if (id == null || !id.isValueNode() || id.isNull()) throw new DatasetException(row.location() + ": missing 'id'");
            if (map.put(id.asText(), row.fields()) != null) {
                throw new DatasetException(row.location() + ": duplicate id '" + id.asText() + "'");
            }
        }
        return new ReplayJudge(Optional.of(Map.copyOf(map)), "replay:" + file.getFileName());
    }

    @Override
    public String describe() { return description; }

    @Override
    public List<CriterionOutcome> grade(JudgeInput input, List<Integer> criteria) {
        var record = record(input);
        var verdicts = record.map(r -> r.get("verdicts")).orElse(null);
        if (verdicts == null || !verdicts.isArray()) {
            return all(criteria.size(), new Failure.RewardError("no replayed verdicts for '" + input.id() + "' (" + description + ")"));
        }
        if (verdicts.size() != input.rubric().size()) {
            return all(criteria.size(), new Failure.RewardError("replayed verdicts for '" + input.id() + "' list "
                    + verdicts.size() + " items; the rubric has " + input.rubric().size()));
        }
        var out = new ArrayList<CriterionOutcome>(criteria.size());
        for (int index : criteria) out.add(outcome(verdicts.get(index), input.id(), index));
        return out;
    }

    @Override
    public RatingOutcome rate(JudgeInput input, RatingKind kind) {
        var rating = record(input).flatMap(r -> ReplyParser.rating(r));
        return rating.<RatingOutcome>map(r -> new RatingOutcome.Rated(r, "replay", Map.of()))
                .orElseGet(() -> new RatingOutcome.Failed(new Failure.RewardError(
                        "no replayed rating in 1..10 for '" + input.id() + "' (" + description + ")")));
    }

    private Optional<JsonNode> record(JudgeInput input) {
        if (byId.isPresent()) return Optional.ofNullable(byId.get().get(input.id()));
        return Optional.of(JSON.valueToTree(input.metadata()));
    }

    private static CriterionOutcome outcome(JsonNode entry, String id, int index) {
        Optional<Verdict> verdict = Optional.empty();
        Map<String, Object> details = Map.of();
        if (entry.isTextual()) verdict = Verdict.parse(entry.asText());
        else if (entry.isBoolean()) verdict = Optional.of(entry.asBoolean() ? Verdict.SATISFIED : Verdict.NOT_SATISFIED);
        else if (entry.isObject()) {
            verdict = ReplyParser.verdict(entry);
            details = ReplyParser.extras(entry, Set.of("verdict", "criteria_met", "criterion", "score", "weight",
                    "title", "axis", "source", "failure", "failure_detail"));
        }
        if (verdict.isEmpty()) {
            return new CriterionOutcome.Failed(new Failure.Unparseable(
                    "replayed verdict " + (index + 1) + " of '" + id + "': " + Failure.excerpt(entry.toString())));
        }
        return new CriterionOutcome.Graded(verdict.get(), "replay", details);
    }

    private static List<CriterionOutcome> all(int n, Failure failure) {
        return java.util.Collections.nCopies(n, new CriterionOutcome.Failed(failure));
    }
}
