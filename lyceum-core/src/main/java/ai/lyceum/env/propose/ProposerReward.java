package ai.lyceum.env.propose;

import java.util.Arrays;

/**
 * How the proposer is rewarded for a task the judge accepted, from the solver's attempts at it. Where the papers
 * and their code disagree, the code's formula is the default (../shared/specs/multi-agent.md §2).
 */
public enum ProposerReward {
    /** AZR's learnability: {@code 1 − r̄} when the solver sometimes but not always succeeds, else 0. */
    LEARNABILITY("learnability") {
        @Override
        public double of(SolverOutcome o) { return learnability(o.successRate()); }
    },
    /** R-Zero's uncertainty as its public code computes it: {@code min(p̂, 1 − p̂)}, at most ½. The default. */
    UNCERTAINTY("uncertainty") {
        @Override
        public double of(SolverOutcome o) { return uncertainty(o.majorityShare()); }
    },
    /** R-Zero's uncertainty as the paper writes it: {@code 1 − 2|p̂ − ½|}, twice the code's. */
    UNCERTAINTY_PAPER("uncertainty-paper") {
        @Override
        public double of(SolverOutcome o) { return uncertaintyPaper(o.majorityShare()); }
    };

    /** R-Zero's reward for a question that cannot be parsed, before the repetition penalty is subtracted. */
    public static final double UNPARSEABLE = -1;

    private final String label;

    ProposerReward(String label) { this.label = label; }

    /** The name {@code --reward} takes and reports print. */
    public String label() { return label; }

    /** The reward before the batch's repetition penalty. */
    public abstract double of(SolverOutcome outcome);

    public static double learnability(double meanSolve) {
        check(meanSolve);
        return meanSolve > 0 && meanSolve < 1 ? 1 - meanSolve : 0;
    }

    public static double uncertainty(double pHat) {
        check(pHat);
        return Math.min(pHat, 1 - pHat);
    }

    public static double uncertaintyPaper(double pHat) {
        check(pHat);
        return 1 - 2 * Math.abs(pHat - 0.5);
    }

    public static ProposerReward named(String label) {
        return Arrays.stream(values()).filter(r -> r.label.equals(label)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown proposer reward '" + label + "'; known: "
                        + Arrays.stream(values()).map(ProposerReward::label).toList()));
    }

    private static void check(double share) {
        if (!(share >= 0 && share <= 1)) throw new IllegalArgumentException("a share must be in [0, 1], was " + share);
    }
}
