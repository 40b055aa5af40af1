package ai.lyceum.reward.rubric;

import ai.lyceum.failure.Failure;
import java.util.Map;
import java.util.Objects;

/** A holistic 1–10 rating (implicit aggregation, Likert baselines), or a typed failure. */
public sealed interface RatingOutcome {
    record Rated(int rating, String source, Map<String, Object> details) implements RatingOutcome {
        public Rated {
            if (rating < 1 || rating > 10) throw new IllegalArgumentException("rating must be in 1..10, was " + rating);
            Objects.requireNonNull(source, "source");
            details = Map.copyOf(details);
        }
    }

    record Failed(Failure failure) implements RatingOutcome {
        public Failed { Objects.requireNonNull(failure, "failure"); }
    }
}
