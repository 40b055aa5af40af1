package ai.lyceum.reward.rubric;

import java.util.Objects;
import java.util.Optional;

/**
 * One rubric item.
 *
 * @param title       2–4 words in RaR data; may be empty (HealthBench and ResearchRubrics have none)
 * @param description the criterion as the judge reads it, category prefix included when the data has one
 * @param weight      in the rubric's {@link RubricWeighting}; negative only under {@code DATA_INTEGER}
 * @param category    from the data's prefix or {@code category} field; negative-weight items without one are pitfalls
 * @param axis        HealthBench {@code axis:…} tag or ResearchRubrics axis, if any
 * @param check       judged, or a programmatic check
 * @param inverted    the description names a bad behaviour but the weight is positive, so the criterion counts
 *                    when the judge says the behaviour is <em>absent</em> (c' = 1 − c)
 */
public record Criterion(String title, String description, double weight, Category category, Optional<String> axis,
                        Check check, boolean inverted) {
    public Criterion {
        Objects.requireNonNull(title, "title");
        Objects.requireNonNull(description, "description");
        if (description.isBlank()) throw new IllegalArgumentException("criterion description must not be blank (title '" + title + "')");
        if (!Double.isFinite(weight)) throw new IllegalArgumentException("criterion weight must be finite, was " + weight);
        Objects.requireNonNull(category, "category");
        Objects.requireNonNull(axis, "axis");
        Objects.requireNonNull(check, "check");
        if (inverted && weight < 0) {
            throw new IllegalArgumentException("an inverted criterion must have a positive weight, was " + weight + " ('" + title + "')");
        }
    }

    /** A judged criterion in the data convention, category from the description prefix or the weight's sign. */
    public static Criterion judged(String title, String description, double weight) {
        var category = Category.fromPrefix(description).orElse(weight < 0 ? Category.PITFALL : Category.UNKNOWN);
        return new Criterion(title, description, weight, category, Optional.empty(), Check.JUDGED, false);
    }

    public Criterion withCheck(Check other) {
        return new Criterion(title, description, weight, category, axis, other, inverted);
    }

    public Criterion withAxis(String value) {
        return new Criterion(title, description, weight, category, Optional.of(value), check, inverted);
    }

    /** True when the text describes an undesirable behaviour (a pitfall or penalty item). */
    public boolean pitfall() { return category == Category.PITFALL || weight < 0; }

    /** True when "satisfied" means the bad behaviour is present, which the judge prompt must say. */
    public boolean describesBadBehaviour() { return weight < 0 || inverted; }

    public boolean isJudged() { return check instanceof Check.Judged; }
}
