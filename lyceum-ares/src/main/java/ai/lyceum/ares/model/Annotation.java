package ai.lyceum.ares.model;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Values an annotator set on one rollout, with their provenance: which annotator, which model (absent for
 * model-free annotators), which prompt version and when. Every estimated or computed field in the store traces back
 * to exactly one of these (the latest that set it).
 *
 * @param fields flattened column name → value (String, Long, Double or Boolean)
 */
public record Annotation(String annotator, Optional<String> model, String promptVersion, Instant createdAt,
                         Map<String, Object> fields) {
    public Annotation {
        Objects.requireNonNull(annotator, "annotator");
        Objects.requireNonNull(promptVersion, "promptVersion");
        Objects.requireNonNull(createdAt, "createdAt");
        for (var name : fields.keySet()) {
            if (Schema.ROLLOUT.column(name).isEmpty()) {
                throw new IllegalArgumentException("annotator " + annotator + " set unknown column " + name);
            }
        }
        fields = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(fields));
    }
}
