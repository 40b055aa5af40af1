package ai.lyceum.train.demo;

import ai.lyceum.task.Task;
import ai.lyceum.train.env.ProceduralEnvironment;
import ai.lyceum.train.guide.ReferenceTeacher;
import ai.lyceum.train.model.ByteTokenizer;
import ai.lyceum.train.model.Checkpoint;
import ai.lyceum.train.model.ModelConfig;
import ai.lyceum.train.model.Sample;
import ai.lyceum.train.model.SampleSettings;
import ai.lyceum.train.model.Sampler;
import ai.lyceum.train.model.Torch;
import ai.lyceum.train.model.Transformer;
import ai.lyceum.train.optim.StepStats;
import ai.lyceum.train.policy.PolicyCard;
import ai.lyceum.train.rl.HeldOutEvaluation;
import ai.lyceum.train.rl.PolicyLoss;
import ai.lyceum.train.rl.RlConfig;
import ai.lyceum.train.rl.RlConfig.Algorithm;
import ai.lyceum.train.rl.RlTrainer;
import ai.lyceum.train.rl.StepReport;
import ai.lyceum.train.sft.SftConfig;
import ai.lyceum.train.sft.SftTrainer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The Guide experiment at laptop scale (../shared/specs/guide-small-scale.md): a supervised warm-start, a check
 * that the warm-started model is in the regime where guidance can help, then GRPO and Guide-GRPO from the same
 * checkpoint with the same prompts, over several seeds, with held-out greedy pass@1 every few steps. Both
 * algorithms of a seed train side by side, one libtorch thread each.
 */
public final class GuideDemo {
    /**
     * @param rlSteps   RL steps per run
     * @param evalEvery held-out evaluation every this many steps (and after the last)
     */
    public record Config(ModelConfig model, SftConfig sft, RlConfig rl, int rlSteps, int evalEvery, List<Long> seeds) {
        public Config {
            if (rlSteps <= 0 || evalEvery <= 0 || seeds.isEmpty()) {
                throw new IllegalArgumentException("need RL steps, an evaluation interval and at least one seed");
            }
            seeds = List.copyOf(seeds);
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
    public record Run(Algorithm algorithm, long seed, int[] evalSteps, double[] passAt1, List<StepReport> steps, double seconds) {}

    public record Result(WarmStart warmStart, List<Run> runs, double wallSeconds) {}

    /** Progress callbacks; called from the training threads, one at a time. */
    public interface Listener {
        default void sftStep(StepStats stats, int total) {}

        default void warmStart(WarmStart warmStart) {}

        default void rlStep(Algorithm algorithm, long seed, StepReport report, OptionalDouble heldOutPassAt1) {}
    }

    private final ProceduralEnvironment environment;
    private final Config config;

    public GuideDemo(ProceduralEnvironment environment, Config config) {
        this.environment = environment;
        this.config = config;
    }

    /** Runs the whole experiment; the warm-start checkpoint is written to {@code checkpointDir}. */
    public Result run(Path checkpointDir, Listener listener) throws InterruptedException {
        long started = System.nanoTime();
        List<Task> heldOut = environment.tasks();
        WarmStart warmStart;
        int threadsBefore = Torch.threads();
        try (var model = Transformer.initialize(config.model(), config.sft().seed())) {
            warmStart = warmStart(model, heldOut, listener);
            Checkpoint.save(model, checkpointDir);
            new PolicyCard(environment.format(), environment.name(), environment.maxTokens()).save(checkpointDir);
        }
        listener.warmStart(warmStart);
        var runs = new ArrayList<Run>();
        var pool = Executors.newFixedThreadPool(2, r -> Thread.ofPlatform().name("lyceum-rl").daemon().unstarted(r));
        try {
            Torch.setThreads(1); // two runs side by side, one core each
            for (long seed : config.seeds()) {
                var futures = new ArrayList<Future<Run>>();
                for (Algorithm algorithm : Algorithm.values()) {
                    futures.add(pool.submit(() -> rl(checkpointDir, algorithm, seed, heldOut, listener)));
                }
                for (var f : futures) runs.add(f.get());
            }
        } catch (ExecutionException e) {
            throw new IllegalStateException("an RL run failed: " + e.getCause().getMessage(), e.getCause());
        } finally {
            pool.shutdownNow();
            Torch.setThreads(threadsBefore);
        }
        return new Result(warmStart, runs, (System.nanoTime() - started) / 1e9);
    }

    private WarmStart warmStart(Transformer model, List<Task> heldOut, Listener listener) {
        long started = System.nanoTime();
        var sft = new SftTrainer(model, environment, config.sft());
        double loss = Double.NaN;
        for (int step = 0; step < config.sft().steps(); step++) {
            StepStats s = sft.step(step);
            loss = s.loss();
            listener.sftStep(s, config.sft().steps());
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        double greedy = HeldOutEvaluation.greedyPassAt1(model, environment, heldOut);
        return diagnose(model, greedy, loss, seconds);
    }

    /** Samples G rollouts on fresh training prompts, plain and hinted, and the per-token log-ratio of the answers. */
    private WarmStart diagnose(Transformer model, double greedy, double loss, double seconds) {
        int prompts = 128, g = config.rl().groupSize();
        var random = new SplittableRandom(config.sft().seed() ^ 0xD1A6);
        var tasks = new ArrayList<Task>();
        for (int i = 0; i < prompts; i++) tasks.add(environment.generate(random));
        var settings = SampleSettings.of(environment.maxTokens());
        var sampler = new Sampler(model);
        var plain = new ArrayList<int[]>();
        var hinted = new ArrayList<int[]>();
        var answers = new ArrayList<int[]>();
        for (Task t : tasks) {
            int[] p = environment.format().render(t.prompt());
            int[] h = environment.format().render(environment.guided(t, environment.hint(t)));
            for (int i = 0; i < g; i++) {
                plain.add(p);
                hinted.add(h);
            }
            answers.add(ByteTokenizer.encodeWithEos(t.reference().orElseThrow()));
        }
        List<Sample> plainSamples = sampler.sample(plain, settings, 11);
        List<Sample> hintedSamples = sampler.sample(hinted, settings, 12);
        int allFailed = 0, anySolved = 0;
        double hintedCorrect = 0;
        for (int p = 0; p < prompts; p++) {
            int solved = 0;
            for (int i = 0; i < g; i++) {
                solved += (int) environment.reward(tasks.get(p), plainSamples.get(p * g + i).text());
                hintedCorrect += environment.reward(tasks.get(p), hintedSamples.get(p * g + i).text());
            }
            if (solved == 0) allFailed++;
            else anySolved++;
        }
        var plainContexts = new ArrayList<int[]>();
        var hintContexts = new ArrayList<int[]>();
        for (int p = 0; p < prompts; p++) {
            plainContexts.add(plain.get(p * g));
            hintContexts.add(hinted.get(p * g));
        }
        List<double[]> underPlain = model.logprobs(plainContexts, answers);
        List<double[]> underHint = model.logprobs(hintContexts, answers);
        var ratios = new ArrayList<Double>();
        for (int p = 0; p < prompts; p++) {
            for (int t = 0; t < answers.get(p).length; t++) ratios.add(underPlain.get(p)[t] - underHint.get(p)[t]);
        }
        double[] r = ratios.stream().mapToDouble(Double::doubleValue).toArray();
        return new WarmStart(greedy, (double) allFailed / prompts, (double) anySolved / prompts,
                hintedCorrect / (prompts * g), PolicyLoss.quantile(r, 0.05), PolicyLoss.quantile(r, 0.5), loss, seconds);
    }

    private Run rl(Path checkpoint, Algorithm algorithm, long seed, List<Task> heldOut, Listener listener)
            throws InterruptedException {
        long started = System.nanoTime();
        try (var model = Checkpoint.load(checkpoint)) {
            var trainer = new RlTrainer(model, Optional.empty(), environment, Optional.of(new ReferenceTeacher(environment)),
                    config.rl().withAlgorithm(algorithm).withSeed(seed));
            var evalSteps = new ArrayList<Integer>();
            var passAt1 = new ArrayList<Double>();
            var reports = new ArrayList<StepReport>();
            for (int step = 0; step <= config.rlSteps(); step++) {
                OptionalDouble eval = OptionalDouble.empty();
                if (step % config.evalEvery() == 0 || step == config.rlSteps()) {
                    double p = HeldOutEvaluation.greedyPassAt1(model, environment, heldOut);
                    evalSteps.add(step);
                    passAt1.add(p);
                    eval = OptionalDouble.of(p);
                }
                if (step == config.rlSteps()) break;
                StepReport report = trainer.step(step);
                reports.add(report);
                synchronized (listener) {
                    listener.rlStep(algorithm, seed, report, eval);
                }
            }
            return new Run(algorithm, seed, evalSteps.stream().mapToInt(Integer::intValue).toArray(),
                    passAt1.stream().mapToDouble(Double::doubleValue).toArray(), reports, (System.nanoTime() - started) / 1e9);
        }
    }
}
