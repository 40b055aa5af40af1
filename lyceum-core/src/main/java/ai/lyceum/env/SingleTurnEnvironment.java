package ai.lyceum.env;

import ai.lyceum.dataset.DatasetException;
import ai.lyceum.policy.Completion;
import ai.lyceum.policy.Sampling;
import ai.lyceum.reward.Reward;
import ai.lyceum.reward.RewardResult;
import ai.lyceum.task.Task;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Callable;

/**
 * The common case: the assistant answers the task's prompt once and a reward scores the answer. A whole
 * environment is a name, a task source and a reward:
 *
 * <pre>{@code
 * new SingleTurnEnvironment("gsm8k", () -> FieldMapping.of("gsm8k", "question", "answer").read(file),
 *         new MathAnswerReward(Duration.ofSeconds(1)), Sampling.DEFAULT);
 * }</pre>
 */
public final class SingleTurnEnvironment implements Environment {
    private final String name;
    private final Callable<List<Task>> tasks;
    private final Reward reward;
    private final Sampling sampling;
    private final AutoCloseable resources;

    public SingleTurnEnvironment(String name, Callable<List<Task>> tasks, Reward reward, Sampling sampling) {
        this(name, tasks, reward, sampling, () -> {});
    }

    /** @param resources closed with the environment (the sandbox a code reward runs in, say) */
    public SingleTurnEnvironment(String name, Callable<List<Task>> tasks, Reward reward, Sampling sampling,
                                 AutoCloseable resources) {
        this.name = Objects.requireNonNull(name, "name");
        this.tasks = Objects.requireNonNull(tasks, "tasks");
        this.reward = Objects.requireNonNull(reward, "reward");
        this.sampling = Objects.requireNonNull(sampling, "sampling");
        this.resources = Objects.requireNonNull(resources, "resources");
    }

    @Override
    public void close() {
        try {
            resources.close();
        } catch (Exception e) {
            throw new IllegalStateException(name + ": cannot release resources: " + e.getMessage(), e);
        }
    }

    @Override
    public String name() { return name; }

    @Override
    public List<Task> tasks() throws DatasetException {
        try {
            return tasks.call();
        } catch (DatasetException e) {
            throw e;
        } catch (Exception e) {
            throw new DatasetException(name + ": could not load tasks: " + e.getMessage(), e);
        }
    }

    @Override
    public Episode start(Task task) {
        return new Episode() {
            @Override
            public Step begin() { return new Step.Act(Role.ASSISTANT, task.prompt(), sampling); }

            @Override
            public Step advance(Completion completion) { return Step.DONE; }

            @Override
            public Map<String, RewardResult> score(Trajectory trajectory) {
                return Map.of(Role.ASSISTANT, reward.score(trajectory));
            }
        };
    }
}
