package ai.lyceum.reward.rubric;

import java.util.Locale;
import java.util.Objects;

/** How criterion verdicts (or one holistic rating) become one score. */
public sealed interface Aggregation {
    /** The name {@code --aggregation} uses and diagnostics record. */
    String name();

    /** What an explicit score does with a criterion whose judging failed (after the judge's retries). */
    enum OnFailure {
        /** The whole score fails with the criterion's typed failure (default: never a silent number). */
        FAIL,
        /** The item leaves numerator and denominator; the result is flagged {@code partial}. */
        DROP,
        /** The item scores 0 and stays in the denominator; the count of failed items is reported. */
        ZERO
    }

    /** Maps a 1–10 rating into [0, 1]. The paper's mapping is unconfirmed, so it is a recorded choice. */
    enum RatingScale {
        /** (r − 1) / 9: 1 → 0, 10 → 1 (Lyceum default). */
        MINUS_ONE_OVER_NINE,
        /** r / 10: 1 → 0.1, 10 → 1. */
        OVER_TEN;

        public double normalise(int rating) {
            return this == MINUS_ONE_OVER_NINE ? (rating - 1) / 9.0 : rating / 10.0;
        }
    }

    /**
     * RaR-Explicit / HealthBench / ResearchRubrics: Σ wᵢcᵢ / Σ_{wᵢ>0} wᵢ, unclipped unless {@code clip}.
     *
     * @param clip clamp to [0, 1], as HealthBench does; the unclipped value is kept as component {@code unclipped}
     */
    record Explicit(Grading grading, boolean clip, OnFailure onFailure) implements Aggregation {
        public Explicit {
            Objects.requireNonNull(grading, "grading");
            Objects.requireNonNull(onFailure, "onFailure");
        }

        public String name() { return "explicit"; }
    }

    /** RaR-Implicit: one judge call sees every criterion and returns a 1–10 rating. */
    record Implicit(RatingScale scale) implements Aggregation {
        public Implicit { Objects.requireNonNull(scale, "scale"); }

        public String name() { return "implicit"; }
    }

    /** Baseline: a 1–10 rating of prompt and response, no rubric, no reference. */
    record DirectLikert(RatingScale scale) implements Aggregation {
        public DirectLikert { Objects.requireNonNull(scale, "scale"); }

        public String name() { return "direct-likert"; }
    }

    /** Baseline: a 1–10 rating against the reference answer. */
    record ReferenceLikert(RatingScale scale) implements Aggregation {
        public ReferenceLikert { Objects.requireNonNull(scale, "scale"); }

        public String name() { return "reference-likert"; }
    }

    static Explicit explicit(Grading grading) { return new Explicit(grading, false, OnFailure.FAIL); }

    /** HealthBench: binary grading, Σ met points / Σ positive points, clipped to [0, 1]. */
    static Explicit healthBench() { return new Explicit(Grading.BINARY, true, OnFailure.FAIL); }

    /** ResearchRubrics compliance: unclipped; binary matches the public grader, ternary the paper. */
    static Explicit researchRubrics(Grading grading) { return new Explicit(grading, false, OnFailure.FAIL); }

    /**
     * Parses a CLI name ({@code explicit}, {@code implicit}, {@code direct-likert}, {@code reference-likert}).
     * {@code grading} and {@code clip} apply to explicit; ratings use (r − 1) / 9.
     */
    public static Aggregation parse(String name, Grading grading, boolean clip) {
        return switch (name.strip().toLowerCase(Locale.ROOT)) {
            case "explicit" -> new Explicit(grading, clip, OnFailure.FAIL);
            case "implicit" -> new Implicit(RatingScale.MINUS_ONE_OVER_NINE);
            case "direct-likert" -> new DirectLikert(RatingScale.MINUS_ONE_OVER_NINE);
            case "reference-likert" -> new ReferenceLikert(RatingScale.MINUS_ONE_OVER_NINE);
            default -> throw new IllegalArgumentException("unknown aggregation '" + name
                    + "'; expected explicit, implicit, direct-likert or reference-likert");
        };
    }
}
