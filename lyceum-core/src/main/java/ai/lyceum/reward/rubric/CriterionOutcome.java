package ai.lyceum.reward.rubric;

import ai.lyceum.failure.Failure;
import java.util.Map;
import java.util.Objects;

/** What became of one criterion: a verdict (with whatever else the judge said), or a typed failure. */
public sealed interface CriterionOutcome {
    /**
     * @param source  who decided: {@code judge}, {@code replay}, or the check's kind ({@code regex}, {@code math}…)
     * @param details extra reply keys such as {@code explanation}; JSON-like values
     */
    record Graded(Verdict verdict, String source, Map<String, Object> details) implements CriterionOutcome {
        public Graded {
            Objects.requireNonNull(verdict, "verdict");
            Objects.requireNonNull(source, "source");
            details = Map.copyOf(details);
        }
    }

    record Failed(Failure failure) implements CriterionOutcome {
        public Failed { Objects.requireNonNull(failure, "failure"); }
    }
}
