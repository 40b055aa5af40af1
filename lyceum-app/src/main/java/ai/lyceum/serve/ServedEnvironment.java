package ai.lyceum.serve;

import ai.lyceum.dataset.DatasetException;
import ai.lyceum.env.Environment;
import ai.lyceum.env.Step;
import ai.lyceum.env.Trajectory;
import ai.lyceum.failure.Failure;
import ai.lyceum.policy.Completion;
import ai.lyceum.reward.RewardResult;
import ai.lyceum.task.Message;
import ai.lyceum.task.Task;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One environment as every protocol sees it: its tasks (by position for a seeded reset, by id for a reward call)
 * and its reward, reached through the environment's own episodes so that a served reward is exactly the one
 * {@code lyceum eval} records. The environment is shared by all sessions; each session runs its own
 * {@link ai.lyceum.env.Episode}, which the SPI allows on one thread at a time.
 */
public final class ServedEnvironment implements AutoCloseable {
    private final Environment environment;
    private final List<Task> tasks;
    private final Map<String, Task> byId;

    public ServedEnvironment(Environment environment) throws DatasetException {
        this.environment = Objects.requireNonNull(environment, "environment");
        this.tasks = environment.tasks();
        if (tasks.isEmpty()) throw new DatasetException(environment.name() + ": no tasks to serve");
        this.byId = new HashMap<>();
        for (var t : tasks) byId.putIfAbsent(t.id(), t);
    }

    public String name() { return environment.name(); }

    public Environment environment() { return environment; }

    public int taskCount() { return tasks.size(); }

    /** The task a seed selects: the same seed always gives the same task. */
    public Task taskForSeed(long seed) { return tasks.get((int) Math.floorMod(seed, (long) tasks.size())); }

    public Optional<Task> task(String id) { return Optional.ofNullable(byId.get(id)); }

    /**
     * The task a reward call is about: the environment's own task when the call names one by id (its reference
     * and metadata, a code task's tests say, are then the environment's), else one built from the call's prompt,
     * reference and extra fields.
     */
    public Task taskFor(Optional<String> taskId, String prompt, Optional<String> reference, Map<String, Object> metadata) {
        if (taskId.isPresent()) {
            return task(taskId.get()).orElseThrow(() -> new IllegalArgumentException(
                    "environment " + name() + " has no task '" + taskId.get() + "'"));
        }
        return new Task("call", List.of(Message.user(prompt.isEmpty() ? "(no prompt)" : prompt)), reference, metadata);
    }

    /**
     * Scores {@code response} to {@code task} by running a one-turn episode of the environment: the reward
     * {@code lyceum eval} would record. A multi-turn environment cannot be scored from one response; that, and
     * anything the environment throws, is a typed failure, never a zero.
     */
    public RewardResult score(Task task, String response) {
        try {
            var episode = environment.start(task);
            if (!(episode.begin() instanceof Step.Act act)) {
                return RewardResult.failed(new Failure.EnvironmentError("the episode ended before anyone acted"));
            }
            var completion = Completion.ofText(response);
            if (!(episode.advance(completion) instanceof Step.Done)) {
                return RewardResult.failed(new Failure.EnvironmentError(name()
                        + " needs more than one turn: run its episodes over the OpenEnv /ws session"));
            }
            var rewards = episode.score(new Trajectory(task, List.of(new Trajectory.Turn(act.role(), act.messages(), completion))));
            var result = rewards.get(act.role());
            return result != null ? result
                    : RewardResult.failed(new Failure.RewardError(name() + " gave no reward for role " + act.role()));
        } catch (RuntimeException e) {
            return RewardResult.failed(new Failure.EnvironmentError(Failure.excerpt(String.valueOf(e.getMessage()))));
        }
    }

    @Override
    public void close() { environment.close(); }
}
