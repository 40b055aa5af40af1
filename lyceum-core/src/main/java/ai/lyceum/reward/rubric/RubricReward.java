package ai.lyceum.reward.rubric;

import ai.lyceum.dataset.DatasetException;
import ai.lyceum.env.Role;
import ai.lyceum.env.Trajectory;
import ai.lyceum.failure.Failure;
import ai.lyceum.reward.Reward;
import ai.lyceum.reward.RewardResult;
import java.util.Objects;

/**
 * A rubric reward over trajectories: the rubric comes from the task's metadata ({@link RubricJson#METADATA_KEY}),
 * the response is the assistant's last completion, and a {@link RubricScorer} (judge + aggregation + weighting)
 * scores it. Usable by {@code lyceum eval} and the trainer like any other {@link Reward}.
 */
public final class RubricReward implements Reward {
    private final RubricScorer scorer;

    public RubricReward(RubricScorer scorer) {
        this.scorer = Objects.requireNonNull(scorer, "scorer");
    }

    public RubricReward(Judge judge, Aggregation aggregation, RubricWeighting weighting) {
        this(new RubricScorer(judge, aggregation, weighting));
    }

    public RubricScorer scorer() { return scorer; }

    @Override
    public RewardResult score(Trajectory trajectory) {
        var task = trajectory.task();
        Rubric rubric;
        try {
            rubric = RubricJson.fromMetadata(task.metadata().get(RubricJson.METADATA_KEY), "task " + task.id());
        } catch (DatasetException e) {
            return RewardResult.failed(new Failure.RewardError(e.getMessage()));
        }
        var response = trajectory.lastBy(Role.ASSISTANT).map(c -> c.text()).orElse("");
        var input = new JudgeInput(task.id(), task.prompt(), response, rubric, task.reference(), task.metadata());
        try {
            return scorer.score(input);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // the rollout was cancelled or timed out; let the engine see it
            return RewardResult.failed(new Failure.RewardError("interrupted while judging " + task.id()));
        }
    }
}
