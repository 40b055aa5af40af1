package ai.lyceum.reward.rubric;

/** How verdicts become criterion scores: ternary (1, ½, 0) or binary (partial counts as not satisfied). */
public enum Grading { BINARY, TERNARY }
