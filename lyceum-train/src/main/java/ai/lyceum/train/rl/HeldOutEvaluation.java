package ai.lyceum.train.rl;

import ai.lyceum.task.Task;
import ai.lyceum.train.env.ProceduralEnvironment;
import ai.lyceum.train.model.Sample;
import ai.lyceum.train.model.SampleSettings;
import ai.lyceum.train.model.Sampler;
import ai.lyceum.train.model.Transformer;
import java.util.ArrayList;
import java.util.List;

/**
 * Greedy pass@1 of the embedded model on an environment's held-out tasks, decoded in batches: the mean reward of
 * the greedy answers, which is pass@1 for exact-answer environments and the mean checklist score for rubric ones.
 */
public final class HeldOutEvaluation {
    private static final int BATCH = 512;

    private HeldOutEvaluation() {}

    /** The mean reward of the greedy answers to {@code tasks}. */
    public static double greedyPassAt1(Transformer model, ProceduralEnvironment environment, List<Task> tasks) {
        return greedyPassAt1(model, environment, tasks, false);
    }

    /** As {@link #greedyPassAt1(Transformer, ProceduralEnvironment, List)}; {@code guided} puts each task's hint in context. */
    public static double greedyPassAt1(Transformer model, ProceduralEnvironment environment, List<Task> tasks, boolean guided) {
        if (tasks.isEmpty()) throw new IllegalArgumentException("no held-out tasks");
        var sampler = new Sampler(model);
        var settings = SampleSettings.of(environment.maxTokens()).withTemperature(0);
        double solved = 0;
        for (int from = 0; from < tasks.size(); from += BATCH) {
            List<Task> batch = tasks.subList(from, Math.min(tasks.size(), from + BATCH));
            var prompts = new ArrayList<int[]>(batch.size());
            for (Task t : batch) {
                prompts.add(environment.format().render(guided ? environment.guided(t, environment.hint(t)) : t.prompt()));
            }
            List<Sample> answers = sampler.sample(prompts, settings, 0);
            for (int i = 0; i < batch.size(); i++) solved += environment.reward(batch.get(i), answers.get(i).text());
        }
        return solved / tasks.size();
    }
}
