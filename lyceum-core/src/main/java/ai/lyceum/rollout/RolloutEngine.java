package ai.lyceum.rollout;

import ai.lyceum.env.Environment;
import ai.lyceum.env.Step;
import ai.lyceum.env.Trajectory;
import ai.lyceum.failure.Failure;
import ai.lyceum.failure.FailureException;
import ai.lyceum.policy.GenerationRequest;
import ai.lyceum.policy.Policy;
import ai.lyceum.policy.Sampling;
import ai.lyceum.reward.RewardResult;
import ai.lyceum.task.Task;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Runs tasks × k samples through environment → policies → rewards and streams every finished rollout into a
 * {@link RolloutLog} (a run store, or one scope of it).
 *
 * <p>Each rollout runs on its own virtual thread; a semaphore bounds how many are in flight, so neither threads
 * nor queued work grow with the number of tasks. Rollouts the store already holds are skipped, which is all
 * {@code --resume} needs. Every rollout ends in exactly one of two ways: recorded (scored, or with a typed
 * failure) or, if the run is cancelled while it is in flight, not recorded at all, to be redone on resume.
 * A watchdog interrupts a rollout that outlives its deadline; it is recorded as a {@link Failure.Timeout}.
 */
public final class RolloutEngine {
    /** Guards against an environment that never ends its episodes. */
    static final int MAX_TURNS = 256;

    /**
     * @param samples        samples per task (k)
     * @param concurrency    rollouts in flight at once
     * @param seed           run seed; each rollout's sampling seed is derived from it, the task id and the sample
     * @param rolloutTimeout wall-clock limit for one whole rollout
     * @param sampling       settings that replace the environment's at every turn ({@code eval --temperature 0})
     */
    public record Options(int samples, int concurrency, long seed, Duration rolloutTimeout, Sampling sampling) {
        public Options(int samples, int concurrency, long seed, Duration rolloutTimeout) {
            this(samples, concurrency, seed, rolloutTimeout, Sampling.DEFAULT);
        }

        public Options {
            java.util.Objects.requireNonNull(sampling, "sampling");
            if (samples < 1) throw new IllegalArgumentException("samples must be >= 1, was " + samples);
            if (concurrency < 1) throw new IllegalArgumentException("concurrency must be >= 1, was " + concurrency);
            if (rolloutTimeout.isNegative() || rolloutTimeout.isZero()) {
                throw new IllegalArgumentException("rollout timeout must be positive, was " + rolloutTimeout);
            }
        }
    }

    /** Told about progress; called from many threads at once. */
    public interface Listener {
        default void planned(int toRun, int alreadyDone) {}

        void finished(Rollout rollout);
    }

    /** What one call to {@link #run} did. */
    public record Report(int planned, int skipped, int recorded, boolean cancelled) {}

    private final Environment environment;
    private final Map<String, Policy> policies;
    private final RolloutLog store;
    private final Options options;
    private final AtomicBoolean cancelled = new AtomicBoolean();
    private volatile ExecutorService running;

    /** @param policies the policy playing each of the environment's roles */
    public RolloutEngine(Environment environment, Map<String, Policy> policies, RolloutLog store, Options options) {
        this.environment = Objects.requireNonNull(environment, "environment");
        this.policies = Map.copyOf(policies);
        this.store = Objects.requireNonNull(store, "store");
        this.options = Objects.requireNonNull(options, "options");
        for (var role : environment.roles()) {
            if (!this.policies.containsKey(role)) {
                throw new IllegalArgumentException("environment " + environment.name() + " needs a policy for role '"
                        + role + "'; given: " + this.policies.keySet());
            }
        }
    }

    /**
     * Runs every (task, sample) the store does not hold yet.
     *
     * @param retryFailed also redo rollouts recorded with a failure
     */
    public Report run(List<Task> tasks, boolean retryFailed, Listener listener) throws InterruptedException {
        var done = store.finished(!retryFailed);
        var byId = byId(tasks);
        var todo = new ArrayList<RolloutKey>();
        for (var task : tasks) {
            for (int s = 0; s < options.samples(); s++) {
                var key = new RolloutKey(task.id(), s);
                if (!done.contains(key)) todo.add(key);
            }
        }
        int skipped = tasks.size() * options.samples() - todo.size();
        listener.planned(todo.size(), skipped);
        int recorded = execute(todo, byId, listener, new Rollout[todo.size()]);
        return new Report(todo.size(), skipped, recorded, cancelled.get());
    }

    /**
     * Runs every (task, sample), whatever the log already holds, records each, and returns them task by task,
     * sample by sample. This is what a trainer asks for: a step needs all its rollouts, and a step redone after a
     * resume samples the same ones again (the seeds depend only on the run seed, task and sample).
     *
     * @throws InterruptedException when cancelled before every rollout was recorded
     */
    public List<Rollout> collect(List<Task> tasks, Listener listener) throws InterruptedException {
        var byId = byId(tasks);
        var todo = new ArrayList<RolloutKey>(tasks.size() * options.samples());
        for (var task : tasks) for (int s = 0; s < options.samples(); s++) todo.add(new RolloutKey(task.id(), s));
        listener.planned(todo.size(), 0);
        var out = new Rollout[todo.size()];
        int recorded = execute(todo, byId, listener, out);
        if (recorded < out.length) throw new InterruptedException("cancelled after " + recorded + " of " + out.length + " rollouts");
        return List.of(out);
    }

    private Map<String, Task> byId(List<Task> tasks) {
        var byId = new java.util.HashMap<String, Task>();
        for (var task : tasks) {
            if (byId.put(task.id(), task) != null) {
                throw new IllegalArgumentException("duplicate task id '" + task.id() + "' in " + environment.name());
            }
        }
        return byId;
    }

    /** Runs {@code todo}, putting rollout i into {@code out[i]}; returns how many were recorded. */
    private int execute(List<RolloutKey> todo, Map<String, Task> byId, Listener listener, Rollout[] out)
            throws InterruptedException {
        // A fixed set of workers pulls the next rollout itself: no dispatcher thread hands each one over, so a
        // finished rollout's successor starts at once on the same virtual thread, even when a whole wave of
        // answers lands together.
        var next = new java.util.concurrent.atomic.AtomicInteger();
        var recorded = new java.util.concurrent.atomic.AtomicInteger();
        var unexpected = new java.util.concurrent.atomic.AtomicReference<RuntimeException>();
        int workers = Math.min(options.concurrency(), todo.size());
        try (var watchdog = new Watchdog(options.rolloutTimeout());
             var executor = Executors.newVirtualThreadPerTaskExecutor()) {
            running = executor;
            for (int w = 0; w < workers; w++) {
                executor.submit(() -> {
                    for (int i; !cancelled.get() && unexpected.get() == null && (i = next.getAndIncrement()) < todo.size(); ) {
                        var key = todo.get(i);
                        try {
                            var rollout = runOne(byId.get(key.taskId()), key.sample(), watchdog);
                            if (rollout.isEmpty()) continue;
                            store.append(rollout.get());
                            out[i] = rollout.get();
                            recorded.incrementAndGet();
                            listener.finished(rollout.get());
                        } catch (InterruptedException e) {
                            return; // cancelled: not recorded, redone on resume
                        } catch (RuntimeException e) {
                            unexpected.compareAndSet(null, e); // a bug, not a failure of the rollout: stop and say so
                        }
                    }
                });
            }
        } finally {
            running = null;
        }
        if (unexpected.get() != null) throw unexpected.get();
        store.flush(); // recorded means committed: a later run (or resume) in this process must see every rollout
        return recorded.get();
    }

    public Options options() { return options; }

    /** Stops starting rollouts and interrupts those in flight; {@link #run} then returns promptly. */
    public void cancel() {
        cancelled.set(true);
        var executor = running;
        if (executor != null) executor.shutdownNow();
    }

    /** Runs one episode; empty when it was cancelled before finishing. */
    private Optional<Rollout> runOne(Task task, int sample, Watchdog watchdog) throws InterruptedException {
        long start = System.nanoTime();
        var thread = Thread.currentThread();
        var alarm = watchdog.arm(thread, options.rolloutTimeout());
        var turns = new ArrayList<Trajectory.Turn>();
        Map<String, RewardResult> rewards = Map.of();
        Optional<Failure> failure = Optional.empty();
        try {
            var phase = Phase.ENVIRONMENT;
            try {
                var episode = environment.start(task);
                var step = episode.begin();
                while (step instanceof Step.Act act) {
                    if (turns.size() >= MAX_TURNS) {
                        throw new IllegalStateException("episode exceeded " + MAX_TURNS + " turns");
                    }
                    var policy = policies.get(act.role());
                    if (policy == null) throw new IllegalStateException("no policy plays role '" + act.role() + "'");
                    var asked = act.sampling().overriddenBy(options.sampling());
                    var sampling = asked.seed().isPresent() ? asked : asked.withSeed(seedOf(task.id(), sample, turns.size()));
                    phase = Phase.POLICY;
                    var completion = policy.generate(new GenerationRequest(task, act.messages(), sampling));
                    turns.add(new Trajectory.Turn(act.role(), act.messages(), completion));
                    phase = Phase.ENVIRONMENT;
                    step = episode.advance(completion);
                }
                phase = Phase.REWARD;
                rewards = episode.score(new Trajectory(task, turns));
                var primary = rewards.get(primaryRole());
                if (primary == null) {
                    throw new IllegalStateException("episode gave no reward for role '" + primaryRole() + "'");
                }
                failure = primary.failure();
            } catch (FailureException e) {
                failure = Optional.of(e.failure());
            } catch (RuntimeException e) {
                failure = Optional.of(phase.failure(e));
            }
        } catch (InterruptedException e) {
            if (!alarm.fired) throw e;
            failure = Optional.of(new Failure.Timeout(options.rolloutTimeout()));
        } finally {
            watchdog.disarm(thread);
        }
        if (alarm.fired) {
            Thread.interrupted(); // the alarm may have fired after the work ended; do not leak the flag
            if (failure.isEmpty() && rewards.isEmpty()) failure = Optional.of(new Failure.Timeout(options.rolloutTimeout()));
        }
        return Optional.of(new Rollout(task.id(), sample, new Trajectory(task, turns), primaryRole(), rewards, failure,
                Duration.ofNanos(System.nanoTime() - start)));
    }

    private String primaryRole() { return environment.roles().getFirst(); }

    private long seedOf(String taskId, int sample, int turn) {
        long h = options.seed();
        h = h * 0x9E3779B97F4A7C15L + taskId.hashCode();
        h = h * 0x9E3779B97F4A7C15L + sample;
        h = h * 0x9E3779B97F4A7C15L + turn;
        return (h ^ (h >>> 31)) & Long.MAX_VALUE; // servers want a non-negative seed
    }

    private enum Phase {
        ENVIRONMENT, POLICY, REWARD;

        Failure failure(RuntimeException e) {
            var message = e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
            return switch (this) {
                case ENVIRONMENT -> new Failure.EnvironmentError(message);
                case POLICY -> new Failure.PolicyError(message);
                case REWARD -> new Failure.RewardError(message);
            };
        }
    }
}
