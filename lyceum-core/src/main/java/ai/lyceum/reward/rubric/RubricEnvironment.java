package ai.lyceum.reward.rubric;

import ai.lyceum.env.Environment;
import ai.lyceum.env.SingleTurnEnvironment;
import ai.lyceum.policy.Sampling;
import java.nio.file.Path;

/**
 * The {@code rubric:FILE} environment: a single-turn environment over a rubric task file (any schema
 * {@link RubricTasks} reads), rewarded by {@link RubricReward}.
 */
public final class RubricEnvironment {
    public static final String PREFIX = "rubric:";

    private RubricEnvironment() {}

    /** @param scorer judge, aggregation and weighting, chosen by the caller ({@code --judge}, {@code --aggregation}) */
    public static Environment create(Path tasksFile, RubricScorer scorer, Sampling sampling) {
        return new SingleTurnEnvironment(PREFIX + tasksFile.getFileName(), () -> RubricTasks.read(tasksFile),
                new RubricReward(scorer), sampling);
    }

    public static Environment create(Path tasksFile, RubricScorer scorer) {
        return create(tasksFile, scorer, Sampling.DEFAULT);
    }
}
