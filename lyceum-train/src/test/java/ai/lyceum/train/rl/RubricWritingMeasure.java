package ai.lyceum.train.rl;

import ai.lyceum.env.Role;
import ai.lyceum.env.procedural.RubricWritingEnvironment;
import ai.lyceum.rollout.Rollout;
import ai.lyceum.rollout.RolloutEngine;
import ai.lyceum.run.RunStore;
import ai.lyceum.task.Task;
import ai.lyceum.train.model.ModelConfig;
import ai.lyceum.train.model.Torch;
import ai.lyceum.train.model.Transformer;
import ai.lyceum.train.optim.AdamWSettings;
import ai.lyceum.train.optim.LrSchedule;
import ai.lyceum.train.rl.RlConfig.Algorithm;
import ai.lyceum.train.sft.SftConfig;
import ai.lyceum.train.policy.EmbeddedPolicy;
import ai.lyceum.train.policy.PromptFormat;
import ai.lyceum.train.sft.SftTrainer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
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

    static RlTrainer grpo(EmbeddedPolicy student, RubricWritingEnvironment env, TrainingTasks tasks, RunStore store,
            long seed, int prompts, double lr) {
        var config = RlConfig.defaults(Algorithm.GRPO, env.maxTokens(), seed).withGroups(prompts, 8).withLr(lr);
        return new RlTrainer(student, PromptFormat.RAW, Optional.empty(), env, tasks, Optional.empty(), config, store, "grpo");
    }

    static Scores scores(EmbeddedPolicy student, RubricWritingEnvironment env, List<Task> tasks, RunStore store, String when)
            throws InterruptedException {
        double greedy = HeldOutEvaluation.greedy(student, env, Map.of(), tasks, store.scope(when + "/greedy")).mean();
        var engine = new RolloutEngine(env, Map.of(Role.ASSISTANT, student), store.scope(when + "/sampled"),
                new RolloutEngine.Options(SAMPLES, tasks.size() * SAMPLES, 12345, Duration.ofMinutes(10)));
        List<Rollout> sampled = student.collect(engine, tasks);
        double sum = sampled.stream().mapToDouble(r -> r.reward().orElseThrow()).sum();
        if (Boolean.getBoolean("rubric.show")) {
            for (int i = 0; i < 12; i++) {
                var r = sampled.get(i * SAMPLES);
                System.out.printf(Locale.ROOT, "  %-18s sampled %-20s %.2f%n", tasks.get(i).id(),
                        r.trajectory().turns().getLast().completion().text(), r.reward().orElseThrow());
            }
        }
        return new Scores(greedy, sum / sampled.size());
    }

    static Result run(int sftSteps, int rlSteps, int heldOut, long seed, int prompts, double lr, boolean log) throws Exception {
        long started = System.nanoTime();
        var env = environment(heldOut);
        var tasks = TrainingTasks.of(env, 0);
        Path dir = Files.createTempDirectory("lyceum-rubric-writing");
        try (var store = RunStore.open(dir);
             var student = new EmbeddedPolicy(Transformer.initialize(ModelConfig.tiny(), seed), PromptFormat.RAW,
                     env.maxTokens(), 1024, seed)) {
            student.withModel(model -> {
                warmStart(model, env, sftSteps, seed);
                return null;
            });
            if (log) System.out.printf(Locale.ROOT, "SFT done at %.1f s%n", (System.nanoTime() - started) / 1e9);
            var before = scores(student, env, tasks.heldOut(), store, "before");
            if (log) System.out.printf(Locale.ROOT, "after SFT %d: greedy %.3f, sampled %.3f%n", sftSteps, before.greedy(), before.sampled());
            var trainer = grpo(student, env, tasks, store, seed, prompts, lr);
            for (int step = 0; step < rlSteps; step++) {
                var r = trainer.step(step);
                if (log && (step + 1) % 5 == 0) {
                    System.out.printf(Locale.ROOT, "rl step %d: rollout score %.3f, trained %d, %.1f s%n", step + 1,
                            r.plainAccuracy(), r.trained(), (System.nanoTime() - started) / 1e9);
                }
            }
            var after = scores(student, env, tasks.heldOut(), store, "after");
            return new Result(before, after, (System.nanoTime() - started) / 1e9);
        } finally {
            try (var walk = Files.walk(dir)) {
                for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
            }
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
