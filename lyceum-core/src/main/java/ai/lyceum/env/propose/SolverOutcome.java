package ai.lyceum.env.propose;

import java.util.HashMap;
import java.util.List;
import java.util.Optional;

/**
 * What the solver's k attempts at one proposed task came to: the two statistics the proposer rewards read.
 *
 * @param successes     attempts the exact judge accepted
 * @param attempts      attempts made (k)
 * @param majorityCount how many attempts gave the most frequent answer
 * @param answered      attempts that gave an answer at all (R-Zero counts boxed answers only)
 */
public record SolverOutcome(int successes, int attempts, int majorityCount, int answered) {
    public SolverOutcome {
        if (attempts < 1 || successes < 0 || successes > attempts || answered < 0 || answered > attempts
                || majorityCount < 0 || majorityCount > answered || (answered > 0 && majorityCount == 0)) {
            throw new IllegalArgumentException("inconsistent solver outcome: " + successes + " solved, " + attempts
                    + " attempts, majority " + majorityCount + " of " + answered + " answers");
        }
    }

    /** From each attempt's verdict and extracted answer (empty when the attempt gave none). */
    public static SolverOutcome of(List<Boolean> solved, List<Optional<String>> answers) {
        if (solved.size() != answers.size()) throw new IllegalArgumentException("one answer per verdict");
        var counts = new HashMap<String, Integer>();
        int answered = 0;
        for (var a : answers) {
            if (a.isEmpty()) continue;
            answered++;
            counts.merge(a.get(), 1, Integer::sum);
        }
        int majority = counts.values().stream().mapToInt(Integer::intValue).max().orElse(0);
        int successes = (int) solved.stream().filter(Boolean::booleanValue).count();
        return new SolverOutcome(successes, solved.size(), majority, answered);
    }

    /** r̄_solve: the share of attempts the judge accepted (AZR). */
    public double successRate() { return (double) successes / attempts; }

    /** p̂: the majority answer's count over the number of answers (R-Zero); 0 when no attempt answered. */
    public double majorityShare() { return answered == 0 ? 0 : (double) majorityCount / answered; }
}
