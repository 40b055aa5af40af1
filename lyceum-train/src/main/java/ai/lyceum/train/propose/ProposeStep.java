package ai.lyceum.train.propose;

import static ai.lyceum.train.rl.StepReport.finite;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What one step of the proposer experiment did, for every arm alike.
 *
 * @param solverRollouts      solver generations (attempts) sampled
 * @param proposerGenerations proposer generations sampled (0 for the random and curriculum arms)
 * @param solverAccuracy      mean reward of the solver's attempts (NaN when none)
 * @param accepted            tasks the solver attempted
 * @param malformed           proposals the judge rejected as malformed
 * @param unsolvable          proposals the judge rejected as unsolvable
 * @param failedRollouts      rollouts that failed for another reason (the policy, the environment): counted, not trained
 * @param meanLevel          mean difficulty level of the tasks attempted (digits, rare letters)
 * @param proposerReward      mean proposer reward after the repetition penalty (NaN without a proposer)
 * @param repetitionPenalty   mean repetition penalty (NaN without a proposer)
 * @param pHat                mean majority share p̂ over attempted proposals (NaN without a proposer)
 * @param trained             sequences in the update, both roles
 * @param updates             optimiser updates made
 */
public record ProposeStep(int step, int solverRollouts, int proposerGenerations, double solverAccuracy, int accepted,
        int malformed, int unsolvable, int failedRollouts, double meanLevel, double proposerReward,
        double repetitionPenalty, double pHat, int trained, double loss, int updates, double seconds) {

    /** Every generation the step paid for, both roles'. */
    public int rolloutsSampled() { return solverRollouts + proposerGenerations; }

    /** The figures by name, as the run store and metrics.csv keep them; NaN becomes null. */
    public Map<String, Object> metrics() {
        var m = new LinkedHashMap<String, Object>();
        m.put("rollouts_sampled", rolloutsSampled());
        m.put("solver_rollouts", solverRollouts);
        m.put("proposer_generations", proposerGenerations);
        m.put("solver_accuracy", finite(solverAccuracy));
        m.put("accepted", accepted);
        m.put("proposals_malformed", malformed);
        m.put("proposals_unsolvable", unsolvable);
        m.put("failed_rollouts", failedRollouts);
        m.put("mean_level", finite(meanLevel));
        m.put("proposer_reward", finite(proposerReward));
        m.put("repetition_penalty", finite(repetitionPenalty));
        m.put("p_hat", finite(pHat));
        m.put("trained", trained);
        m.put("loss", finite(loss));
        m.put("updates", updates);
        m.put("seconds", seconds);
        return m;
    }
}
