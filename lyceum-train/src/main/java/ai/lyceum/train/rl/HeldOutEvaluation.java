package ai.lyceum.train.rl;

import ai.lyceum.env.Environment;
import ai.lyceum.policy.Policy;
import ai.lyceum.policy.SamplingOverride;
import ai.lyceum.rollout.Rollout;
import ai.lyceum.rollout.RolloutEngine;
import ai.lyceum.rollout.RolloutLog;
import ai.lyceum.task.Task;
import ai.lyceum.train.policy.EmbeddedPolicy;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Greedy pass@1 of the embedded model on held-out tasks: an ordinary evaluation through the rollout engine, its
 * rollouts recorded like any other. The mean reward of the greedy answers is pass@1 for exact-answer environments
 * and the mean checklist score for rubric ones.
 */
public final class HeldOutEvaluation {
    /**
     * @param mean   mean reward over the scored rollouts (NaN when none was scored)
     * @param failed rollouts whose reward failed, left out of the mean
     */
    public record Result(double mean, int scored, int failed) {}

    private HeldOutEvaluation() {}

    /** Greedy answers to {@code tasks}; {@code others} plays the environment's other roles (a teacher, say). */
    public static Result greedy(EmbeddedPolicy student, Environment environment, Map<String, Policy> others,
            List<Task> tasks, RolloutLog log) throws InterruptedException {
        return greedy(student, environment, others, tasks, log, 0);
    }

    /** As above, with at most {@code maxTokens} new tokens per turn (0: what the environment asks for). */
    public static Result greedy(EmbeddedPolicy student, Environment environment, Map<String, Policy> others,
            List<Task> tasks, RolloutLog log, int maxTokens) throws InterruptedException {
        if (tasks.isEmpty()) throw new IllegalArgumentException("no held-out tasks");
        var greedy = new SamplingOverride(student, Optional.of(0.0), Optional.empty(),
                maxTokens == 0 ? OptionalInt.empty() : OptionalInt.of(maxTokens), false);
        var policies = new HashMap<String, Policy>(others);
        for (String role : environment.roles()) policies.putIfAbsent(role, greedy);
        var engine = new RolloutEngine(environment, policies, log,
                new RolloutEngine.Options(1, tasks.size(), 0, Duration.ofMinutes(10)));
        List<Rollout> rollouts = student.collect(engine, tasks);
        double sum = 0;
        int scored = 0;
        for (Rollout r : rollouts) {
            if (r.reward().isPresent()) {
                sum += r.reward().get();
                scored++;
            }
        }
        return new Result(scored == 0 ? Double.NaN : sum / scored, scored, rollouts.size() - scored);
    }
}
