package ai.lyceum.reward.rubric;

import ai.lyceum.dataset.DatasetException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The generic rubric item schema every loader, the batch scorer and task metadata share: a list of objects with
 * {@code description} or {@code criterion}; {@code weight} or {@code points}; optional {@code title},
 * {@code category} (Essential/Important/Optional/Pitfall), {@code axis}, {@code tags} (HealthBench
 * {@code axis:…}), and {@code check} for a programmatic criterion:
 *
 * <pre>{@code
 * {"type": "regex", "pattern": "\\bmetformin\\b"}          {"type": "contains", "text": "x", "ignore_case": true}
 * {"type": "length", "min": 0, "max": 200, "unit": "words"}  {"type": "math", "answer": "\\frac{1}{2}"}
 * {"type": "json_schema", "schema": {...}}
 * }</pre>
 */
public final class RubricJson {
    private static final Logger LOG = LoggerFactory.getLogger(RubricJson.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    /** The task metadata key that carries a task's rubric, in this schema. */
    public static final String METADATA_KEY = "rubric";

    private RubricJson() {}

    /** Parses a rubric written in {@code weighting}; errors name {@code where} and the item. */
    public static Rubric parse(JsonNode items, RubricWeighting weighting, String where) throws DatasetException {
        if (items == null || !items.isArray() || items.isEmpty()) {
            throw new DatasetException(where + ": rubric must be a non-empty list of criteria");
        }
        var criteria = new ArrayList<Criterion>(items.size());
        int n = 0;
        for (var item : items) {
            n++;
            criteria.add(criterion(item, where + ": rubric item " + n));
        }
        try {
            return new Rubric(criteria, weighting);
        } catch (IllegalArgumentException e) {
            throw new DatasetException(where + ": " + e.getMessage());
        }
    }

    /** Parses a rubric held in task metadata (JSON-like Java values), as {@link #toMetadata} writes it. */
    public static Rubric fromMetadata(Object value, String where) throws DatasetException {
        if (value == null) throw new DatasetException(where + ": task metadata has no '" + METADATA_KEY + "'");
        return parse(JSON.valueToTree(value), RubricWeighting.DATA_INTEGER, where);
    }

    /** The rubric as JSON-like Java values for {@link ai.lyceum.task.Task#metadata()}. */
    public static List<Map<String, Object>> toMetadata(Rubric rubric) {
        if (rubric.weighting() != RubricWeighting.DATA_INTEGER) {
            throw new IllegalArgumentException("task metadata holds rubrics in DATA_INTEGER; convert when scoring");
        }
        var out = new ArrayList<Map<String, Object>>();
        for (var c : rubric.criteria()) {
            var m = new LinkedHashMap<String, Object>();
            if (!c.title().isEmpty()) m.put("title", c.title());
            m.put("description", c.description());
            m.put("weight", c.weight());
            m.put("category", c.category().label());
            c.axis().ifPresent(a -> m.put("axis", a));
            checkJson(c.check()).ifPresent(j -> m.put("check", j));
            out.add(m);
        }
        return out;
    }

    static Criterion criterion(JsonNode item, String where) throws DatasetException {
        if (!item.isObject()) throw new DatasetException(where + ": expected an object, found " + item.getNodeType());
        var text = firstText(item, "description", "criterion");
        if (text.isEmpty() || text.get().isBlank()) {
            throw new DatasetException(where + ": needs a string 'description' or 'criterion'");
        }
        var weightNode = item.has("weight") ? item.get("weight") : item.get("points");
        if (weightNode == null || !weightNode.isNumber()) {
            throw new DatasetException(where + ": needs a numeric 'weight' or 'points'");
        }
        double weight = weightNode.asDouble();
        var title = firstText(item, "title").orElse("");
        var description = text.get();
        Category category;
        var named = firstText(item, "category");
        if (named.isPresent()) {
            category = Category.fromName(named.get()).orElseThrow(() -> new DatasetException(where
                    + ": unknown category '" + named.get() + "'; expected Essential, Important, Optional or Pitfall"));
        } else {
            var prefixed = Category.fromPrefix(description);
            if (prefixed.isEmpty() && description.matches("(?s)^[A-Za-z]+ [Cc]riteria: .*")) {
                LOG.warn("{}: unknown category prefix in '{}'; weighing it as Optional", where,
                        description.substring(0, description.indexOf(':')));
            }
            category = prefixed.orElse(weight < 0 ? Category.PITFALL : Category.UNKNOWN);
        }
        var axis = firstText(item, "axis");
        if (axis.isEmpty() && item.path("tags").isArray()) {
            for (var tag : item.get("tags")) {
                if (tag.asText().startsWith("axis:")) axis = Optional.of(tag.asText().substring(5));
            }
        }
        Check check = item.has("check") && !item.get("check").isNull() ? check(item.get("check"), where) : Check.JUDGED;
        try {
            return new Criterion(title, description, weight, category, axis, check, false);
        } catch (IllegalArgumentException e) {
            throw new DatasetException(where + ": " + e.getMessage());
        }
    }

    static Check check(JsonNode spec, String where) throws DatasetException {
        var type = spec.path("type").asText("").toLowerCase(Locale.ROOT);
        try {
            return switch (type) {
                case "judge", "llm" -> Check.JUDGED;
                case "regex" -> new Check.Regex(Pattern.compile(required(spec, "pattern", where)),
                        Duration.ofMillis(spec.path("deadline_ms").asLong(1000)));
                case "contains" -> new Check.Contains(required(spec, "text", where), spec.path("ignore_case").asBoolean(false));
                case "length" -> new Check.Length(spec.path("min").asInt(0), spec.path("max").asInt(Integer.MAX_VALUE),
                        "words".equalsIgnoreCase(spec.path("unit").asText("chars")) ? Check.Length.Unit.WORDS : Check.Length.Unit.CHARS);
                case "math" -> new Check.MathAnswer(required(spec, "answer", where));
                case "json_schema" -> {
                    if (!spec.has("schema")) throw new DatasetException(where + ": json_schema check needs 'schema'");
                    yield new Check.JsonSchema(spec.get("schema"));
                }
                default -> throw new DatasetException(where + ": unknown check type '" + type
                        + "'; expected judge, regex, contains, length, math or json_schema");
            };
        } catch (PatternSyntaxException e) {
            throw new DatasetException(where + ": invalid regex: " + e.getDescription());
        } catch (RuntimeException e) {
            throw new DatasetException(where + ": invalid " + type + " check: " + e.getMessage());
        }
    }

    static Optional<Map<String, Object>> checkJson(Check check) {
        Map<String, Object> m = switch (check) {
            case Check.Judged j -> null;
            case Check.Regex r -> Map.of("type", "regex", "pattern", r.pattern().pattern(), "deadline_ms", r.deadline().toMillis());
            case Check.Contains c -> Map.of("type", "contains", "text", c.text(), "ignore_case", c.ignoreCase());
            case Check.Length l -> Map.of("type", "length", "min", l.min(), "max", l.max(), "unit", l.unit().name().toLowerCase(Locale.ROOT));
            case Check.MathAnswer a -> Map.of("type", "math", "answer", a.answer());
            case Check.JsonSchema s -> Map.of("type", "json_schema", "schema", JSON.convertValue(s.schema(), Object.class));
        };
        return Optional.ofNullable(m);
    }

    private static String required(JsonNode spec, String field, String where) throws DatasetException {
        var v = spec.get(field);
        if (v == null || !v.isTextual()) throw new DatasetException(where + ": check needs a string '" + field + "'");
        return v.asText();
    }

    private static Optional<String> firstText(JsonNode item, String... fields) {
        for (var f : fields) {
            var v = item.get(f);
            if (v != null && v.isTextual()) return Optional.of(v.asText());
        }
        return Optional.empty();
    }
}
