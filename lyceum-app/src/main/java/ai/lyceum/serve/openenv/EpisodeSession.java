package ai.lyceum.serve.openenv;

import ai.lyceum.env.Episode;
import ai.lyceum.env.Step;
import ai.lyceum.env.Trajectory;
import ai.lyceum.failure.Failure;
import ai.lyceum.policy.Completion;
import ai.lyceum.reward.RewardResult;
import ai.lyceum.serve.FailureBody;
import ai.lyceum.serve.ServedEnvironment;
import ai.lyceum.serve.Sessions;
import ai.lyceum.task.Task;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;

/**
 * One OpenEnv session: at most one episode at a time, driven by reset and step. Not thread-safe; a WebSocket
 * connection delivers its messages one after another, and plain HTTP makes a fresh session per request.
 * An environment that throws ends the episode with an {@code environment_error} failure rather than a zero.
 */
final class EpisodeSession implements Sessions.Session {
    /** A request the session cannot serve in its current state (no episode yet, episode over). */
    static final class StateException extends RuntimeException {
        StateException(String message) { super(message, null, false, false); }
    }

    private final ServedEnvironment env;
    private final Consumer<Duration> onReap;
    private Episode episode;
    private Task task;
    private Step.Act pending;
    private final List<Trajectory.Turn> turns = new ArrayList<>();
    private String episodeId;
    private int stepCount;
    private boolean done;

    EpisodeSession(ServedEnvironment env, Consumer<Duration> onReap) {
        this.env = env;
        this.onReap = onReap;
    }

    /**
     * Starts an episode on the task named by {@code taskId}, else the one {@code seed} selects, else a random one.
     *
     * @throws IllegalArgumentException for an unknown task id
     */
    TextObservation reset(Optional<Long> seed, Optional<String> requestedEpisodeId, Optional<String> taskId) {
        task = taskId.map(id -> env.task(id).orElseThrow(() -> new IllegalArgumentException(
                        "environment " + env.name() + " has no task '" + id + "'")))
                .orElseGet(() -> env.taskForSeed(seed.orElseGet(() -> ThreadLocalRandom.current().nextLong())));
        episodeId = requestedEpisodeId.orElseGet(EpisodeSession::randomEpisodeId);
        stepCount = 0;
        turns.clear();
        done = false;
        pending = null;
        try {
            episode = env.environment().start(task);
            return next(episode.begin());
        } catch (RuntimeException e) {
            return ended(RewardResult.failed(new Failure.EnvironmentError(Failure.excerpt(String.valueOf(e.getMessage())))));
        }
    }

    /** The acting role replies {@code action.content()}; what the environment shows next. */
    TextObservation step(TextAction action) {
        if (episode == null) throw new StateException("no episode in progress: send reset first");
        if (done) throw new StateException("episode " + episodeId + " is over: send reset to start another");
        stepCount++;
        var completion = Completion.ofText(action.content());
        turns.add(new Trajectory.Turn(pending.role(), pending.messages(), completion));
        try {
            return next(episode.advance(completion));
        } catch (RuntimeException e) {
            return ended(RewardResult.failed(new Failure.EnvironmentError(Failure.excerpt(String.valueOf(e.getMessage())))));
        }
    }

    /**
     * A random (version 4) UUID drawn from {@link ThreadLocalRandom}. An episode id labels an episode and guards
     * nothing (the connection is the session), so {@link UUID#randomUUID}'s SecureRandom, a locked read of the OS's
     * entropy on every reset, would buy nothing.
     */
    private static String randomEpisodeId() {
        var random = ThreadLocalRandom.current();
        long high = (random.nextLong() & ~0xF000L) | 0x4000L;
        long low = (random.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
        return new UUID(high, low).toString();
    }

    EpisodeState state() { return new EpisodeState(episodeId, stepCount, task == null ? null : task.id(), done); }

    @Override
    public void reap(Duration idleLimit) {
        episode = null;
        turns.clear();
        onReap.accept(idleLimit);
    }

    private TextObservation next(Step step) {
        return switch (step) {
            case Step.Act act -> {
                pending = act;
                yield new TextObservation(act.messages(), act.role(), task.id(), Map.of(), null, false, null, Map.of());
            }
            case Step.Done d -> {
                var reportedRole = env.environment().roles().getFirst();
                var result = episode.score(new Trajectory(task, turns)).get(reportedRole);
                yield ended(result != null ? result
                        : RewardResult.failed(new Failure.RewardError(env.name() + " gave no reward for role " + reportedRole)));
            }
        };
    }

    private TextObservation ended(RewardResult result) {
        done = true;
        pending = null;
        return new TextObservation(List.of(), null, task.id(), result.components(),
                result.failure().map(FailureBody::of).orElse(null), true, result.value(), Map.of());
    }
}
