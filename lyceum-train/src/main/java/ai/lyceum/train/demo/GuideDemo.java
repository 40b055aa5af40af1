package ai.lyceum.train.demo;

import ai.lyceum.env.Role;
import ai.lyceum.env.guide.Guidance;
import ai.lyceum.env.guide.GuidedEnvironment;
import ai.lyceum.env.guide.ReferenceTeacher;
import ai.lyceum.env.procedural.ProceduralEnvironment;
import ai.lyceum.policy.Policy;
import ai.lyceum.policy.Sampling;
import ai.lyceum.policy.SamplingOverride;
import ai.lyceum.rollout.Rollout;
import ai.lyceum.rollout.RolloutEngine;
import ai.lyceum.run.RunStore;
import ai.lyceum.task.Task;
import ai.lyceum.train.SideBySide;
import ai.lyceum.train.TrainingRun;
import ai.lyceum.train.model.ByteTokenizer;
import ai.lyceum.train.model.Checkpoint;
import ai.lyceum.train.model.ModelConfig;
import ai.lyceum.train.model.Transformer;
import ai.lyceum.train.optim.StepStats;
import ai.lyceum.train.policy.EmbeddedPolicy;
import ai.lyceum.train.policy.PolicyCard;
import ai.lyceum.train.policy.PromptFormat;
import ai.lyceum.train.rl.HeldOutEvaluation;
import ai.lyceum.train.rl.PolicyLoss;
import ai.lyceum.train.rl.RlConfig;
import ai.lyceum.train.rl.RlTrainer;
import ai.lyceum.train.rl.StepReport;
import ai.lyceum.train.rl.TrainingTasks;
import ai.lyceum.train.sft.SftConfig;
import ai.lyceum.train.sft.SftTrainer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.SplittableRandom;

/**
 * The Guide experiment at laptop scale (../shared/specs/guide-small-scale.md): a supervised warm-start, a check
 * that the warm-started model is in the regime where guidance can help, then each arm (GRPO, Guide-GRPO and the
 * variants an experiment adds) from the same checkpoint with the same prompts, over several seeds, with held-out
 * greedy pass@1 every few steps. Two runs train side by side, one libtorch thread each. Every rollout, held-out
 * evaluation, step and hint goes to the run store, through the same engine {@code lyceum eval} uses.
 */
public final class GuideDemo {
    /**
     * One arm of the experiment: a name for reports, the RL settings its runs use (the seed is set per run) and how
     * much of the solution the programmatic teacher's hint reveals (1: all of it).
     */
    public record Arm(String name, RlConfig rl, double hintStrength, Optional<TrainerFactory> trainer) {
        public Arm(String name, RlConfig rl, double hintStrength) { this(name, rl, hintStrength, Optional.empty()); }

        public Arm(String name, RlConfig rl) { this(name, rl, 1); }
    }

    /** An arm's own trainer, for arms that are not {@link RlTrainer}'s GRPO or Guide (teacher feedback, say). */
    public interface Trainer extends AutoCloseable {
        StepReport step(int step) throws InterruptedException;

        /** The optimiser; called on the model's thread. */
        ai.lyceum.train.optim.TrainingStep optimizer() throws InterruptedException;

        /** Figures of the last step beyond the step report's, recorded with it. */
        default Map<String, Object> extraMetrics() { return Map.of(); }

        /** Releases what the trainer holds (a reference model, say). */
        @Override
        default void close() {}
    }

    /** Makes an arm's trainer for one run, from the warm-start checkpoint every arm starts from. */
    public interface TrainerFactory {
        Trainer create(EmbeddedPolicy student, Path warmStart, RlConfig rl, TrainingTasks tasks, RunStore store, String run);
    }

    /**
     * @param rlSteps   RL steps per run
     * @param evalEvery held-out evaluation every this many steps (and after the last)
     */
    public record Config(ModelConfig model, SftConfig sft, List<Arm> arms, int rlSteps, int evalEvery, List<Long> seeds) {
        public Config {
            if (rlSteps <= 0 || evalEvery <= 0 || seeds.isEmpty() || arms.isEmpty()) {
                throw new IllegalArgumentException("need RL steps, an evaluation interval, an arm and a seed");
            }
            seeds = List.copyOf(seeds);
            arms = List.copyOf(arms);
        }
    }

    /**
     * Where the warm-started model stands before RL: the conditions under which the Guide effect can appear.
     *
     * @param allFailedShare share of training prompts whose G sampled rollouts all fail
     * @param passAtG        share of training prompts with at least one success in G
     * @param hintedAccuracy sampled accuracy with the teacher's hint in context
     * @param logRatioP5     5th percentile over answer tokens of log π(answer | plain) − log π(answer | hint)
     */
    public record WarmStart(double greedyPassAt1, double allFailedShare, double passAtG, double hintedAccuracy,
            double logRatioP5, double logRatioMedian, double finalLoss, double seconds) {}

    /** One RL run's held-out curve and step reports. */
    public record Run(Arm arm, long seed, int[] evalSteps, double[] passAt1, List<StepReport> steps, double seconds,
            List<Map<String, Object>> extraMetrics) {
        public Run(Arm arm, long seed, int[] evalSteps, double[] passAt1, List<StepReport> steps, double seconds) {
            this(arm, seed, evalSteps, passAt1, steps, seconds, List.of());
        }
    }

    public record Result(WarmStart warmStart, List<Run> runs, double wallSeconds) {}

    /** Progress callbacks; called from the training threads, one at a time. */
    public interface Listener {
        default void sftStep(StepStats stats, int total) {}

        default void warmStart(WarmStart warmStart) {}

        default void rlStep(Arm arm, long seed, StepReport report, OptionalDouble heldOut) {}
    }

    private static final int MAX_BATCH = 1024;

    private final ProceduralEnvironment environment;
    private final Config config;

    public GuideDemo(ProceduralEnvironment environment, Config config) {
        this.environment = environment;
        this.config = config;
    }

    /** Runs the whole experiment; the warm-start checkpoint is written to {@code checkpointDir}. */
    public Result run(RunStore store, Path checkpointDir, Listener listener) throws InterruptedException {
        long started = System.nanoTime();
        TrainingTasks tasks;
        try {
            tasks = TrainingTasks.of(environment, 0);
        } catch (ai.lyceum.dataset.DatasetException e) {
            throw new IllegalStateException(e.getMessage(), e); // procedural tasks are generated, never read
        }
        WarmStart warmStart;
        try (var student = policy(Transformer.initialize(config.model(), config.sft().seed()), config.sft().seed())) {
            warmStart = warmStart(student, store, tasks.heldOut(), listener);
            student.withModel(m -> {
                Checkpoint.save(m, checkpointDir);
                return null;
            });
            new PolicyCard(PromptFormat.RAW, environment.name(), environment.maxTokens()).save(checkpointDir);
        }
        listener.warmStart(warmStart);
        var runs = new ArrayList<Run>();
        var work = new ArrayList<java.util.concurrent.Callable<Run>>();
        for (long seed : config.seeds()) {
            for (Arm arm : config.arms()) work.add(() -> rl(store, checkpointDir, arm, seed, tasks, listener));
        }
        runs.addAll(SideBySide.run(work));
        return new Result(warmStart, runs, (System.nanoTime() - started) / 1e9);
    }

    private EmbeddedPolicy policy(Transformer model, long seed) {
        return new EmbeddedPolicy(model, PromptFormat.RAW, environment.maxTokens(), MAX_BATCH, seed);
    }

    private WarmStart warmStart(EmbeddedPolicy student, RunStore store, List<Task> heldOut, Listener listener)
            throws InterruptedException {
        long started = System.nanoTime();
        double loss = student.withModel(model -> {
            var sft = new SftTrainer(model, environment, config.sft());
            double last = Double.NaN;
            for (int step = 0; step < config.sft().steps(); step++) {
                StepStats s = sft.step(step);
                last = s.loss();
                listener.sftStep(s, config.sft().steps());
            }
            return last;
        });
        double seconds = (System.nanoTime() - started) / 1e9;
        double greedy = HeldOutEvaluation.greedy(student, environment, Map.of(), heldOut, store.scope("warm-start/eval")).mean();
        return diagnose(student, store, greedy, loss, seconds);
    }

    /**
     * Samples G rollouts on fresh training prompts, plain and with the reference teacher's hint, through the engine;
     * and the per-token log-ratio of the reference answers under the two contexts.
     */
    private WarmStart diagnose(EmbeddedPolicy student, RunStore store, double greedy, double loss, double seconds)
            throws InterruptedException {
        int prompts = 128, g = config.arms().getFirst().rl().groupSize();
        var random = new SplittableRandom(config.sft().seed() ^ 0xD1A6);
        var tasks = new ArrayList<Task>();
        var ids = new java.util.HashSet<String>();
        while (tasks.size() < prompts) {
            Task t = environment.generate(random);
            if (ids.add(t.id())) tasks.add(t);
        }
        var sampled = new SamplingOverride(student, Optional.empty(), Optional.empty(), OptionalInt.empty(), false);
        List<Rollout> plain = student.collect(new RolloutEngine(environment, Map.of(Role.ASSISTANT, sampled),
                store.scope("warm-start/diagnosis"), options(g, prompts * g, 11)), tasks);
        var hintedEnv = new GuidedEnvironment(environment, Map.of(), Sampling.DEFAULT, 0);
        List<Rollout> hinted = student.collect(new RolloutEngine(hintedEnv, Map.<String, Policy>of(Role.ASSISTANT, sampled,
                Role.TEACHER, new ReferenceTeacher()), store.scope("warm-start/diagnosis/guided"), options(g, prompts * g, 12)), tasks);
        int allFailed = 0, anySolved = 0;
        double hintedCorrect = 0;
        for (int p = 0; p < prompts; p++) {
            double solved = 0;
            for (int i = 0; i < g; i++) {
                solved += plain.get(p * g + i).reward().orElse(0.0);
                hintedCorrect += hinted.get(p * g + i).reward().orElse(0.0);
            }
            if (solved == 0) allFailed++;
            else anySolved++;
        }
        var plainContexts = new ArrayList<int[]>();
        var hintContexts = new ArrayList<int[]>();
        var answers = new ArrayList<int[]>();
        for (Task t : tasks) {
            plainContexts.add(PromptFormat.RAW.render(t.prompt()));
            hintContexts.add(PromptFormat.RAW.render(environment.withGuidance(t, Guidance.hintOf(t).orElseThrow())));
            answers.add(ByteTokenizer.encodeWithEos(t.reference().orElseThrow()));
        }
        double[] r = student.withModel(model -> {
            List<double[]> underPlain = model.logprobs(plainContexts, answers);
            List<double[]> underHint = model.logprobs(hintContexts, answers);
            var ratios = new ArrayList<Double>();
            for (int p = 0; p < prompts; p++) {
                for (int t = 0; t < answers.get(p).length; t++) ratios.add(underPlain.get(p)[t] - underHint.get(p)[t]);
            }
            return ratios.stream().mapToDouble(Double::doubleValue).toArray();
        });
        return new WarmStart(greedy, (double) allFailed / prompts, (double) anySolved / prompts,
                hintedCorrect / (prompts * g), PolicyLoss.quantile(r, 0.05), PolicyLoss.quantile(r, 0.5), loss, seconds);
    }

    private static RolloutEngine.Options options(int samples, int concurrency, long seed) {
        return new RolloutEngine.Options(samples, concurrency, seed, Duration.ofMinutes(10));
    }

    private Run rl(RunStore store, Path checkpoint, Arm arm, long seed, TrainingTasks tasks, Listener listener)
            throws InterruptedException {
        long started = System.nanoTime();
        String name = arm.name() + "-seed" + seed;
        try (var student = policy(Checkpoint.load(checkpoint), seed);
             var trainer = arm.trainer().isPresent()
                     ? arm.trainer().get().create(student, checkpoint, arm.rl().withSeed(seed), tasks, store, name)
                     : rlTrainer(new RlTrainer(student, PromptFormat.RAW, Optional.empty(), environment, tasks,
                             Optional.of(new ReferenceTeacher(arm.hintStrength())), arm.rl().withSeed(seed), store, name))) {
            var run = new TrainingRun(checkpoint, store, student, environment, Map.of(), tasks.heldOut(),
                    new PolicyCard(PromptFormat.RAW, environment.name(), environment.maxTokens()),
                    new TrainingRun.Settings(name, config.rlSteps(), config.evalEvery(), 0));
            var evalSteps = new ArrayList<Integer>();
            var passAt1 = new ArrayList<Double>();
            evalSteps.add(0);
            passAt1.add(run.evaluate(0));
            var reports = new ArrayList<StepReport>();
            var extras = new ArrayList<Map<String, Object>>();
            run.run(new TrainingRun.Steps() {
                @Override
                public TrainingRun.Outcome step(int step) throws InterruptedException {
                    StepReport r = trainer.step(step);
                    reports.add(r);
                    var extra = trainer.extraMetrics();
                    extras.add(extra);
                    var metrics = new java.util.LinkedHashMap<>(r.metrics());
                    metrics.putAll(extra);
                    return new TrainingRun.Outcome(metrics, r.guidance(), "");
                }

                @Override
                public ai.lyceum.train.optim.TrainingStep optimizer() throws InterruptedException { return trainer.optimizer(); }
            }, 0, (step, outcome, held) -> {
                held.ifPresent(p -> {
                    evalSteps.add(step + 1);
                    passAt1.add(p);
                });
                synchronized (listener) {
                    listener.rlStep(arm, seed, reports.getLast(), held);
                }
            });
            return new Run(arm, seed, evalSteps.stream().mapToInt(Integer::intValue).toArray(),
                    passAt1.stream().mapToDouble(Double::doubleValue).toArray(), reports, (System.nanoTime() - started) / 1e9,
                    extras);
        }
    }

    private static Trainer rlTrainer(RlTrainer trainer) {
        return new Trainer() {
            @Override
            public StepReport step(int step) throws InterruptedException { return trainer.step(step); }

            @Override
            public ai.lyceum.train.optim.TrainingStep optimizer() throws InterruptedException { return trainer.optimizer(); }
        };
    }
}
