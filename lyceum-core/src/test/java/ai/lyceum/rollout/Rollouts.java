package ai.lyceum.rollout;

import ai.lyceum.env.Role;
import ai.lyceum.env.Trajectory;
import ai.lyceum.failure.Failure;
import ai.lyceum.policy.Completion;
import ai.lyceum.reward.RewardResult;
import ai.lyceum.task.Task;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Builds finished rollouts for tests. */
public final class Rollouts {
    private Rollouts() {}

    public static Rollout scored(String taskId, int sample, double reward) {
        var task = Task.of(taskId, "q", "a");
        var trajectory = new Trajectory(task, List.of(new Trajectory.Turn(Role.ASSISTANT, task.prompt(), Completion.ofText("a"))));
        return new Rollout(taskId, sample, trajectory, Role.ASSISTANT, Map.of(Role.ASSISTANT, RewardResult.of(reward, Map.of())),
                Optional.empty(), Duration.ofMillis(3));
    }

    public static Rollout failed(String taskId, int sample, Failure failure) {
        var task = Task.of(taskId, "q", "a");
        return new Rollout(taskId, sample, new Trajectory(task, List.of()), Role.ASSISTANT, Map.of(), Optional.of(failure),
                Duration.ofMillis(3));
    }
}
