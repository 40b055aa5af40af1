package ai.lyceum.reward.rubric;

import ai.lyceum.failure.Failure;
import ai.lyceum.reward.math.MathVerifier;
import ai.lyceum.reward.math.MathVerifyOptions;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * How a criterion is decided: by the judge, or by a program over the response text. Programmatic checks mix
 * freely with judged criteria in one rubric; they never call a model.
 */
public sealed interface Check {
    /** The name used in data files' {@code check.type} and in verdict diagnostics. */
    String kind();

    /** Decided by the rubric's {@link Judge}. */
    record Judged() implements Check {
        public String kind() { return "judge"; }
    }

    /** Decided by code; never throws for any response. */
    sealed interface Programmatic extends Check {
        CriterionOutcome evaluate(String response);

        default CriterionOutcome graded(boolean satisfied, Map<String, Object> details) {
            return new CriterionOutcome.Graded(satisfied ? Verdict.SATISFIED : Verdict.NOT_SATISFIED, kind(), details);
        }
    }

    Judged JUDGED = new Judged();

    /** Satisfied when the pattern is found anywhere. A deadline guards against catastrophic backtracking. */
    record Regex(Pattern pattern, Duration deadline) implements Programmatic {
        public Regex {
            Objects.requireNonNull(pattern, "pattern");
            Objects.requireNonNull(deadline, "deadline");
        }

        public static Regex of(String pattern) { return new Regex(Pattern.compile(pattern), Duration.ofSeconds(1)); }

        public String kind() { return "regex"; }

        public CriterionOutcome evaluate(String response) {
            try {
                return graded(pattern.matcher(new DeadlineText(response, deadline.toNanos())).find(), Map.of());
            } catch (DeadlineText.Expired e) {
                return new CriterionOutcome.Failed(new Failure.Timeout(deadline));
            }
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Regex r && r.pattern.pattern().equals(pattern.pattern()) && r.deadline.equals(deadline);
        }

        @Override
        public int hashCode() { return pattern.pattern().hashCode() * 31 + deadline.hashCode(); }
    }

    /** Satisfied when the response contains the text. */
    record Contains(String text, boolean ignoreCase) implements Programmatic {
        public Contains {
            Objects.requireNonNull(text, "text");
            if (text.isEmpty()) throw new IllegalArgumentException("a contains check needs non-empty text");
        }

        public String kind() { return "contains"; }

        public CriterionOutcome evaluate(String response) {
            boolean found = ignoreCase
                    ? response.toLowerCase(Locale.ROOT).contains(text.toLowerCase(Locale.ROOT))
                    : response.contains(text);
            return graded(found, Map.of());
        }
    }

    /** Satisfied when the response's length in characters or whitespace-separated words is within [min, max]. */
    record Length(int min, int max, Unit unit) implements Programmatic {
        public enum Unit { CHARS, WORDS }

        public Length {
            if (min < 0 || max < min) throw new IllegalArgumentException("length bounds must satisfy 0 <= min <= max, were " + min + ", " + max);
            Objects.requireNonNull(unit, "unit");
        }

        public String kind() { return "length"; }

        public CriterionOutcome evaluate(String response) {
            var stripped = response.strip();
            int n = unit == Unit.CHARS ? stripped.length() : (stripped.isEmpty() ? 0 : stripped.split("\\s+").length);
            return graded(n >= min && n <= max, Map.of("length", n));
        }
    }

    /** Satisfied when the response's final answer is equivalent to {@code answer} ({@link MathVerifier}). */
    record MathAnswer(String answer) implements Programmatic {
        static final MathVerifier VERIFIER = new MathVerifier(MathVerifyOptions.defaults());

        public MathAnswer {
            Objects.requireNonNull(answer, "answer");
            if (answer.isBlank()) throw new IllegalArgumentException("a math check needs a non-blank answer");
        }

        public String kind() { return "math"; }

        public CriterionOutcome evaluate(String response) {
            var verdict = VERIFIER.verify(answer, response);
            if (verdict.failure().isPresent()) {
                // No extractable answer is a wrong answer, not an error of the check.
                if (verdict.failure().get() instanceof Failure.Unparseable) {
                    return graded(false, Map.of("extracted", ""));
                }
                return new CriterionOutcome.Failed(verdict.failure().get());
            }
            return graded(verdict.isTrue(), Map.of("extracted", verdict.predictedAnswer().orElse("")));
        }
    }

    /**
     * Satisfied when the response (optionally inside one ```json fence) is a JSON document valid against the
     * schema (draft 2020-12 unless the schema names another with {@code $schema}).
     */
    record JsonSchema(JsonNode schema) implements Programmatic {
        private static final ObjectMapper JSON = new ObjectMapper();
        private static final SchemaRegistry REGISTRY = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12);
        private static final Map<String, Schema> COMPILED = new ConcurrentHashMap<>();
        private static final Pattern FENCE = Pattern.compile("^```[a-zA-Z]*\\s*\\n(.*)\\n\\s*```$", Pattern.DOTALL);

        public JsonSchema {
            Objects.requireNonNull(schema, "schema");
            if (!schema.isObject() && !schema.isBoolean()) throw new IllegalArgumentException("a JSON schema must be an object or a boolean, was " + schema);
            compiled(schema); // fail at load time, naming the schema, not at scoring time
        }

        public String kind() { return "json_schema"; }

        public CriterionOutcome evaluate(String response) {
            var text = response.strip();
            var fenced = FENCE.matcher(text);
            if (fenced.matches()) text = fenced.group(1).strip();
            JsonNode document;
            try {
                document = JSON.readTree(text);
            } catch (JsonProcessingException e) {
                return graded(false, Map.of("reason", "not JSON"));
            }
            if (document == null || document.isMissingNode()) return graded(false, Map.of("reason", "not JSON"));
            var errors = compiled(schema).validate(document);
            if (errors.isEmpty()) return graded(true, Map.of());
            return graded(false, Map.of("reason", Failure.excerpt(errors.getFirst().getMessage())));
        }

        private static Schema compiled(JsonNode schema) {
            var key = schema.toString();
            if (COMPILED.size() > 1024) COMPILED.clear(); // schemas come from rubric files: a handful, rarely more
            return COMPILED.computeIfAbsent(key, k -> REGISTRY.getSchema(k));
        }
    }
}
