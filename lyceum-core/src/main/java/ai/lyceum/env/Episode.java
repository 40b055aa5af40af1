package ai.lyceum.env;

import ai.lyceum.policy.Completion;
import ai.lyceum.reward.RewardResult;
import java.util.Map;

/**
 * One run of an environment on one task: a small state machine. The engine calls {@link #begin()}, then
 * {@link #advance} with each completion the named role produced, until a {@link Step.Done}; then
 * {@link #score} with the trajectory it recorded.
 */
public interface Episode {
    /** The first step: which role acts, on what messages. */
    Step begin();

    /** The role named by the previous {@link Step.Act} produced {@code completion}; what happens next. */
    Step advance(Completion completion);

    /** Rewards per role for the finished episode; a reward that could not score carries a typed failure. */
    Map<String, RewardResult> score(Trajectory trajectory);
}
