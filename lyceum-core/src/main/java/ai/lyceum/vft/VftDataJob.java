package ai.lyceum.vft;

import ai.lyceum.env.Environment;
import ai.lyceum.env.Role;
import ai.lyceum.env.choice.McqItem;
import ai.lyceum.env.cue.CueSpec;
import ai.lyceum.env.cue.CueTag;
import ai.lyceum.policy.Policy;
import ai.lyceum.rollout.Rollout;
import ai.lyceum.rollout.RolloutEngine;
import ai.lyceum.rollout.RolloutLog;
import ai.lyceum.task.Task;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;

/**
 * {@code lyceum vft build} as a library call: samples the base policy at temperature 1 on an uncued and a cued
 * prompt per item (a random training cue at a random wrong option) through the rollout engine, pairs the answers
 * and builds the VFT and BCT mixtures. The engine records every base sample in {@code log}.
 */
public final class VftDataJob {
    /** Both mixtures; {@code missing} counts items whose base samples failed. */
    public record Result(VftBuilder.Result vft, VftBuilder.Result bct, Map<String, Long> missing, int items) {}

    /** Runs an engine over tasks and returns their rollouts (the embedded model's lockstep collector, or the engine itself). */
    @FunctionalInterface
    public interface Collector {
        List<Rollout> collect(RolloutEngine engine, List<Task> tasks) throws InterruptedException;
    }

    private VftDataJob() {}

    /**
     * @param environment a cue environment whose episodes score the sampled prompts (its reward is recorded, not used)
     * @param task        renders a tag's prompt for an item in the environment's wording
     */
    public static Result run(List<McqItem> items, List<? extends CueSpec> trainCues, long seed, Environment environment,
            BiFunction<McqItem, CueTag, Task> task, Policy base, Collector collector, RolloutLog log, int concurrency,
            VftBuilder vftBuilder) throws InterruptedException {
        var draws = BaseSamples.draw(items, trainCues, seed);
        var tasks = BaseSamples.tasks(draws, task);
        var engine = new RolloutEngine(environment, Map.of(Role.ASSISTANT, new ai.lyceum.policy.SamplingOverride(base,
                java.util.Optional.of(1.0), java.util.Optional.empty(), java.util.OptionalInt.empty(), false)), log,
                new RolloutEngine.Options(1, concurrency, seed, Duration.ofMinutes(30)));
        var rollouts = collector.collect(engine, tasks);
        var missing = new LinkedHashMap<String, Long>();
        var samples = BaseSamples.pair(draws, rollouts, missing);
        return new Result(vftBuilder.build(samples), BctBuilder.build(samples), missing, items.size());
    }
}
