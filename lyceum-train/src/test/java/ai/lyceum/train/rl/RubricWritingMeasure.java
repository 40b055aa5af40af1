package ai.lyceum.train.rl;

import ai.lyceum.task.Task;
import ai.lyceum.train.env.RubricWritingEnvironment;
import ai.lyceum.train.model.ModelConfig;
import ai.lyceum.train.model.SampleSettings;
import ai.lyceum.train.model.Sampler;
import ai.lyceum.train.model.Torch;
import ai.lyceum.train.model.Transformer;
import ai.lyceum.train.optim.AdamWSettings;
import ai.lyceum.train.optim.LrSchedule;
import ai.lyceum.train.rl.RlConfig.Algorithm;
import ai.lyceum.train.sft.SftConfig;
import ai.lyceum.train.sft.SftTrainer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The rubric-writing experiment at a chosen scale, run by hand: warm start with SFT, then GRPO on the rubric
 * score, with the held-out mean rubric score (greedy and sampled) before and after. Also the engine of
 * {@link RubricWritingTrainingTest}, which runs it small.
 *
 * <pre>
 * java -cp ... ai.lyceum.train.rl.RubricWritingMeasure [sftSteps] [rlSteps] [heldOut] [seed] [threads] [prompts] [lr]
 * </pre>
 */
final class RubricWritingMeasure {
    /** Held-out scores: greedy (deterministic) and the mean over {@code SAMPLES} draws at temperature 1. */
    record Scores(double greedy, double sampled) {}

    record Result(Scores before, Scores after, double seconds) {}

    static final int SAMPLES = 4;

    private RubricWritingMeasure() {}

    static double fidelity = 0.4;

    static RubricWritingEnvironment environment(int heldOut) { return new RubricWritingEnvironment(3, fidelity, heldOut); }

    static void warmStart(Transformer model, RubricWritingEnvironment env, int steps, long seed) {
        var sft = new SftTrainer(model, env, new SftConfig(steps, 64,
                new LrSchedule(3e-3, Math.min(10, steps), steps, 0.1), AdamWSettings.DEFAULT, 0, seed));
        for (int i = 0; i < steps; i++) {
            double loss = sft.step(i).loss();
            if (Boolean.getBoolean("rubric.show") && (i + 1) % 25 == 0) System.out.printf(Locale.ROOT, "sft %d loss %.3f%n", i + 1, loss);
        }
    }

    static RlTrainer grpo(Transformer model, RubricWritingEnvironment env, long seed, int prompts, double lr) {
        var d = RlConfig.defaults(Algorithm.GRPO, env.maxTokens(), seed);
        var config = new RlConfig(Algorithm.GRPO, prompts, d.groupSize(), d.miniBatches(), lr, d.adam(), d.maxGradNorm(),
                d.loss(), d.dynamicSampling(), d.scaleByStd(), d.temperature(), d.topP(), seed);
        return new RlTrainer(model, Optional.empty(), env, Optional.empty(), config);
    }

    static Scores scores(Transformer model, RubricWritingEnvironment env, List<Task> tasks) {
        double greedy = HeldOutEvaluation.greedyPassAt1(model, env, tasks);
        var prompts = new ArrayList<int[]>(tasks.size() * SAMPLES);
        for (Task t : tasks) for (int k = 0; k < SAMPLES; k++) prompts.add(env.format().render(t.prompt()));
        var samples = new Sampler(model).sample(prompts, SampleSettings.of(env.maxTokens()), 12345);
        double sum = 0;
        for (int i = 0; i < samples.size(); i++) sum += env.reward(tasks.get(i / SAMPLES), samples.get(i).text());
        if (Boolean.getBoolean("rubric.show")) {
            var greedyOut = new Sampler(model).sample(tasks.subList(0, 12).stream().map(t -> env.format().render(t.prompt())).toList(),
                    SampleSettings.of(env.maxTokens()).withTemperature(0), 0);
            for (int i = 0; i < 12; i++) {
                System.out.printf(Locale.ROOT, "  %-18s greedy %-20s %.2f | sampled %-20s %.2f%n", tasks.get(i).id(),
                        greedyOut.get(i).text(), env.reward(tasks.get(i), greedyOut.get(i).text()),
                        samples.get(i * SAMPLES).text(), env.reward(tasks.get(i), samples.get(i * SAMPLES).text()));
            }
        }
        return new Scores(greedy, sum / samples.size());
    }

    static Result run(int sftSteps, int rlSteps, int heldOut, long seed, int prompts, double lr, boolean log) throws InterruptedException {
        long started = System.nanoTime();
        var env = environment(heldOut);
        var tasks = env.tasks();
        try (var model = Transformer.initialize(ModelConfig.tiny(), seed)) {
            warmStart(model, env, sftSteps, seed);
            if (log) System.out.printf(Locale.ROOT, "SFT done at %.1f s%n", (System.nanoTime() - started) / 1e9);
            var before = scores(model, env, tasks);
            if (log) System.out.printf(Locale.ROOT, "after SFT %d: greedy %.3f, sampled %.3f%n", sftSteps, before.greedy(), before.sampled());
            if (log) System.out.printf(Locale.ROOT, "eval done at %.1f s%n", (System.nanoTime() - started) / 1e9);
            var trainer = grpo(model, env, seed, prompts, lr);
            for (int step = 0; step < rlSteps; step++) {
                var r = trainer.step(step);
                if (log && (step + 1) % 5 == 0) {
                    System.out.printf(Locale.ROOT, "rl step %d: rollout score %.3f, trained %d, %.1f s%n", step + 1,
                            r.plainAccuracy(), r.trained(), (System.nanoTime() - started) / 1e9);
                }
            }
            var after = scores(model, env, tasks);
            return new Result(before, after, (System.nanoTime() - started) / 1e9);
        }
    }

    public static void main(String[] args) throws Exception {
        int sftSteps = args.length > 0 ? Integer.parseInt(args[0]) : 40;
        int rlSteps = args.length > 1 ? Integer.parseInt(args[1]) : 150;
        int heldOut = args.length > 2 ? Integer.parseInt(args[2]) : 512;
        long seed = args.length > 3 ? Long.parseLong(args[3]) : 1;
        Torch.setThreads(args.length > 4 ? Integer.parseInt(args[4]) : 2);
        int prompts = args.length > 5 ? Integer.parseInt(args[5]) : 16;
        double lr = args.length > 6 ? Double.parseDouble(args[6]) : 1e-4;
        if (args.length > 7) fidelity = Double.parseDouble(args[7]);
        var r = run(sftSteps, rlSteps, heldOut, seed, prompts, lr, true);
        System.out.printf(Locale.ROOT, "rubric-writing: SFT %d + GRPO %d steps, %d held-out tasks, seed %d, %d prompts x 8, lr %s%n",
                sftSteps, rlSteps, heldOut, seed, prompts, lr);
        System.out.printf(Locale.ROOT, "  greedy mean rubric score  %.3f -> %.3f%n", r.before().greedy(), r.after().greedy());
        System.out.printf(Locale.ROOT, "  sampled mean rubric score %.3f -> %.3f (%d samples per task, T=1)%n", r.before().sampled(), r.after().sampled(), SAMPLES);
        System.out.printf(Locale.ROOT, "  wall %.1f s%n", r.seconds());
    }
}
