package ai.lyceum.reward;

import ai.lyceum.env.Trajectory;

/**
 * Scores a finished trajectory. Implementations are thread-safe and never throw for a bad answer: an answer
 * that cannot be scored is a {@link RewardResult} with a typed failure, never a silent zero.
 */
@FunctionalInterface
public interface Reward {
    RewardResult score(Trajectory trajectory);
}
