package ai.lyceum.train.vft;

import ai.lyceum.env.Role;
import ai.lyceum.env.choice.McqItem;
import ai.lyceum.env.cue.CueSplit;
import ai.lyceum.env.cue.CueTag;
import ai.lyceum.env.cue.CuedArithmeticEnvironment;
import ai.lyceum.env.cue.ShortCue;
import ai.lyceum.env.procedural.SftExample;
import ai.lyceum.policy.Policy;
import ai.lyceum.policy.SamplingOverride;
import ai.lyceum.rollout.Rollout;
import ai.lyceum.rollout.RolloutEngine;
import ai.lyceum.run.RunStore;
import ai.lyceum.task.Task;
import ai.lyceum.train.SideBySide;
import ai.lyceum.train.model.Checkpoint;
import ai.lyceum.train.model.ModelConfig;
import ai.lyceum.train.model.Transformer;
import ai.lyceum.train.optim.LrSchedule;
import ai.lyceum.train.optim.StepStats;
import ai.lyceum.train.policy.EmbeddedPolicy;
import ai.lyceum.train.policy.PolicyCard;
import ai.lyceum.train.policy.PromptFormat;
import ai.lyceum.train.rl.RlConfig;
import ai.lyceum.train.rl.RlTrainer;
import ai.lyceum.train.rl.StepReport;
import ai.lyceum.train.rl.TrainingTasks;
import ai.lyceum.train.sft.SftConfig;
import ai.lyceum.train.sft.SftTrainer;
import ai.lyceum.vft.BaseSamples;
import ai.lyceum.vft.BctBuilder;
import ai.lyceum.vft.CueMetrics;
import ai.lyceum.vft.CueMetricsJob;
import ai.lyceum.vft.ProgrammaticVerbalizationJudge;
import ai.lyceum.vft.TwinCotEditor;
import ai.lyceum.vft.VftBuilder;
import ai.lyceum.vft.VftRecord;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.SplittableRandom;

/**
 * The VFT experiment at laptop scale (../shared/specs/vft.md, docs/vft.md): on the cue environment's procedural
 * twin, a base model (SFT on a corpus that follows cues now and then, mostly silently), then three conditions
 * from it — no intervention, BCT, VFT, each SFT on data built from the base model's own samples on the training
 * cues — then GRPO with the hackable reward on the held-out cues, several seeds, with the VFT metrics on the
 * paired evaluation set every few steps. Two RL runs train side by side, one libtorch thread each (as the Guide
 * demo does). Every rollout goes to the run store.
 */
public final class VftExperiment {
    public static final List<String> CONDITIONS = List.of("none", "bct", "vft");

    /**
     * @param baseSftSteps         updates of the base model's SFT (batch 64)
     * @param interventionSteps    updates of the BCT and VFT SFT (batch 64, drawn from the built data)
     * @param dataItems            items the VFT/BCT data is built from (one base sample pair each)
     * @param rlSteps              GRPO steps per run; metrics every {@code evalEvery} steps and after the last
     */
    public record Config(ModelConfig model, int baseSftSteps, int interventionSteps, double interventionLr, int dataItems,
            RlConfig rl, int rlSteps, int evalEvery, List<Long> seeds, CueSplit split) {
        public Config {
            if (baseSftSteps <= 0 || interventionSteps <= 0 || dataItems <= 0 || rlSteps <= 0 || evalEvery <= 0 || seeds.isEmpty()) {
                throw new IllegalArgumentException("steps, data items, the evaluation interval and seeds must be positive");
            }
            seeds = List.copyOf(seeds);
        }
    }

    /** The metrics of one evaluation: at an RL step, after this many rollouts sampled by the run. */
    public record Point(int step, long rollouts, CueMetrics.Report report, double trainReward) {}

    /** One condition's RL run at one seed. */
    public record Run(String condition, long seed, List<Point> points, double seconds) {}

    /** What the data builders produced from the base model. */
    public record Data(Map<String, Long> vftCounts, Map<String, Double> vftProportions, int vftRecords,
            Map<String, Long> bctCounts, int bctRecords) {}

    /**
     * @param beforeRl the metrics of the base model and of each condition after its intervention, before RL
     * @param finals   per condition, the last evaluation of every seed pooled (items of different seeds kept apart)
     */
    public record Result(Map<String, CueMetrics.Report> beforeRl, Data data, List<Run> runs,
            Map<String, CueMetrics.Report> finals, double baseSftLoss, double wallSeconds) {}

    /** Progress callbacks, one at a time. */
    public interface Listener {
        default void phase(String what) {}

        default void sftStep(String condition, StepStats stats, int total) {}

        default void rlStep(String condition, long seed, StepReport report, Optional<Point> evaluated) {}
    }

    private static final int MAX_BATCH = 1024;
    private static final Duration TIMEOUT = Duration.ofMinutes(10);

    private final CuedArithmeticEnvironment environment;
    private final Config config;
    private final CueMetricsJob metrics = new CueMetricsJob(new ProgrammaticVerbalizationJudge(), ShortCue::new, 1);

    public VftExperiment(CuedArithmeticEnvironment environment, Config config) {
        this.environment = environment;
        this.config = config;
    }

    /** Runs it all; checkpoints go under {@code dir} ({@code checkpoint-base}, {@code checkpoint-vft}…). */
    public Result run(RunStore store, Path dir, Listener listener) throws Exception {
        long started = System.nanoTime();
        var beforeRl = new LinkedHashMap<String, CueMetrics.Report>();
        listener.phase("base model: SFT on the cue-following corpus");
        double baseLoss;
        Data data;
        Map<String, List<VftRecord>> mixtures;
        try (var base = policy(Transformer.initialize(config.model(), 1), 1)) {
            baseLoss = base.withModel(m -> {
                var sft = new SftTrainer(m, environment, new SftConfig(config.baseSftSteps(), 64,
                        new LrSchedule(3e-3, Math.min(20, config.baseSftSteps()), config.baseSftSteps(), 0.1),
                        ai.lyceum.train.optim.AdamWSettings.DEFAULT, 0, 1));
                double last = Double.NaN;
                for (int s = 0; s < config.baseSftSteps(); s++) {
                    var stats = sft.step(s);
                    last = stats.loss();
                    listener.sftStep("base", stats, config.baseSftSteps());
                }
                save(m, dir.resolve("checkpoint-base"));
                return last;
            });
            beforeRl.put("base", evaluate(base, store.scope("base/eval"), 0).report());
            listener.phase("building VFT and BCT data from the base model's samples");
            var built = buildData(base, store, dir);
            data = built.data();
            mixtures = built.mixtures();
        }
        for (String condition : CONDITIONS) {
            if (condition.equals("none")) {
                beforeRl.put("none", beforeRl.get("base"));
                continue;
            }
            listener.phase(condition + ": SFT on its data");
            try (var p = policy(Checkpoint.load(dir.resolve("checkpoint-base")), 1)) {
                var records = mixtures.get(condition);
                p.withModel(m -> {
                    var sft = new SftTrainer(m, environment, new SftConfig(config.interventionSteps(), 64,
                            LrSchedule.constant(config.interventionLr()), ai.lyceum.train.optim.AdamWSettings.DEFAULT, 0, 2));
                    var random = new SplittableRandom(7);
                    for (int s = 0; s < config.interventionSteps(); s++) {
                        var batch = new ArrayList<SftExample>(64);
                        for (int i = 0; i < 64; i++) {
                            var r = records.get(random.nextInt(records.size()));
                            batch.add(new SftExample(r.prompt(), r.target(), false));
                        }
                        listener.sftStep(condition, sft.train(batch), config.interventionSteps());
                    }
                    save(m, dir.resolve("checkpoint-" + condition));
                    return null;
                });
                beforeRl.put(condition, evaluate(p, store.scope(condition + "/sft-eval"), 0).report());
            }
        }
        listener.phase("GRPO on the held-out cues: " + CONDITIONS.size() + " conditions × " + config.seeds().size() + " seeds");
        var runs = new ArrayList<Run>();
        var work = new ArrayList<java.util.concurrent.Callable<Run>>();
        for (long seed : config.seeds()) {
            for (String condition : CONDITIONS) {
                Path checkpoint = dir.resolve("checkpoint-" + (condition.equals("none") ? "base" : condition));
                work.add(() -> rl(store, checkpoint, condition, seed, listener));
            }
        }
        runs.addAll(SideBySide.run(work));
        var finals = new LinkedHashMap<String, CueMetrics.Report>();
        for (String condition : CONDITIONS) finals.put(condition, pooledFinal(store, condition));
        return new Result(beforeRl, data, runs, finals, baseLoss, (System.nanoTime() - started) / 1e9);
    }

    /** A checkpoint {@code lyceum eval --env cued-arithmetic --policy embedded:DIR} serves as trained. */
    private void save(Transformer model, Path checkpoint) {
        Checkpoint.save(model, checkpoint);
        new PolicyCard(PromptFormat.RAW, environment.name(), environment.maxTokens()).save(checkpoint);
    }

    private EmbeddedPolicy policy(Transformer model, long seed) {
        return new EmbeddedPolicy(model, PromptFormat.RAW, environment.maxTokens(), MAX_BATCH, seed);
    }

    private record Built(Data data, Map<String, List<VftRecord>> mixtures) {}

    /** Samples the base model (temperature 1) on uncued/cued pairs of fresh items with the training cues; builds both mixtures. */
    private Built buildData(EmbeddedPolicy base, RunStore store, Path dir) throws Exception {
        var random = new SplittableRandom(0xDA7A);
        var items = new ArrayList<McqItem>();
        var ids = new HashSet<String>();
        while (items.size() < config.dataItems()) {
            McqItem item = CuedArithmeticEnvironment.item(random);
            if (ids.add(item.id())) items.add(item);
        }
        var draws = BaseSamples.draw(items, ShortCue.of(config.split().trainCues()), 0xDA7A);
        var tasks = BaseSamples.tasks(draws, CuedArithmeticEnvironment::task);
        var sampled = sampled(base, 1.0);
        List<Rollout> rollouts = base.collect(new RolloutEngine(environment, Map.<String, Policy>of(Role.ASSISTANT, sampled),
                store.scope("data/base-samples"), new RolloutEngine.Options(1, tasks.size(), 0xDA7A, TIMEOUT)), tasks);
        var missing = new LinkedHashMap<String, Long>();
        var samples = BaseSamples.pair(draws, rollouts, missing);
        var vft = new VftBuilder(new ProgrammaticVerbalizationJudge(), new TwinCotEditor(), Optional.empty(), 1).build(samples);
        var bct = BctBuilder.build(samples);
        java.nio.file.Files.createDirectories(dir.resolve("data"));
        vft.writeJsonl(dir.resolve("data/vft.jsonl"));
        bct.writeJsonl(dir.resolve("data/bct.jsonl"));
        var vftCounts = new LinkedHashMap<>(vft.counts());
        missing.forEach((k, v) -> vftCounts.merge(k, v, Long::sum));
        if (vft.records().isEmpty() || bct.records().isEmpty()) throw new IllegalStateException("no VFT or BCT records were built: " + vftCounts);
        return new Built(new Data(vftCounts, vft.proportions(), vft.records().size(), bct.counts(), bct.records().size()),
                Map.of("vft", vft.records(), "bct", bct.records()));
    }

    private static SamplingOverride sampled(EmbeddedPolicy p, double temperature) {
        return new SamplingOverride(p, Optional.of(temperature), Optional.of(1.0), OptionalInt.empty(), true);
    }

    /** The paired evaluation set sampled once at temperature 1, judged and measured (switch influence). */
    private Point evaluate(EmbeddedPolicy p, ai.lyceum.rollout.RolloutLog log, long seed) throws InterruptedException {
        var rollouts = evalRollouts(p, log, seed);
        return new Point(0, 0, metrics.runRollouts(rollouts, CueMetrics.Influence.SWITCH, config.split()).report(), Double.NaN);
    }

    private List<Rollout> evalRollouts(EmbeddedPolicy p, ai.lyceum.rollout.RolloutLog log, long seed) throws InterruptedException {
        List<Task> tasks = environment.tasks();
        return p.collect(new RolloutEngine(environment, Map.<String, Policy>of(Role.ASSISTANT, sampled(p, 1.0)), log,
                new RolloutEngine.Options(1, tasks.size(), seed ^ 0xE7A1, TIMEOUT)), tasks);
    }

    private Run rl(RunStore store, Path checkpoint, String condition, long seed, Listener listener) throws Exception {
        long started = System.nanoTime();
        String name = condition + "-seed" + seed;
        try (var student = policy(Checkpoint.load(checkpoint), seed)) {
            var trainer = new RlTrainer(student, PromptFormat.RAW, Optional.empty(), environment, TrainingTasks.of(environment, 0),
                    Optional.empty(), config.rl().withSeed(seed), store, name);
            var points = new ArrayList<Point>();
            points.add(point(student, store, name, 0, 0, seed, Double.NaN));
            long rollouts = 0;
            for (int step = 0; step < config.rlSteps(); step++) {
                StepReport r = trainer.step(step);
                store.recordTrainStep(name, step, r.metrics(), r.guidance());
                rollouts += r.cost().rolloutsSampled();
                Optional<Point> evaluated = Optional.empty();
                if ((step + 1) % config.evalEvery() == 0 || step + 1 == config.rlSteps()) {
                    var p = point(student, store, name, step + 1, rollouts, seed, r.plainAccuracy());
                    points.add(p);
                    evaluated = Optional.of(p);
                }
                synchronized (listener) {
                    listener.rlStep(condition, seed, r, evaluated);
                }
            }
            return new Run(condition, seed, points, (System.nanoTime() - started) / 1e9);
        }
    }

    private Point point(EmbeddedPolicy student, RunStore store, String run, int step, long rollouts, long seed, double reward)
            throws InterruptedException {
        var log = store.scope(run + String.format(java.util.Locale.ROOT, "/eval-step-%06d", step));
        var report = metrics.runRollouts(evalRollouts(student, log, seed * 1000 + step), CueMetrics.Influence.SWITCH, config.split()).report();
        return new Point(step, rollouts, report, reward);
    }

    /** Every seed's last evaluation of {@code condition}, read back from the store, items kept apart per seed. */
    private CueMetrics.Report pooledFinal(RunStore store, String condition) throws InterruptedException {
        var all = new ArrayList<ai.lyceum.run.RolloutRecord>();
        for (long seed : config.seeds()) {
            var scope = condition + "-seed" + seed + String.format(java.util.Locale.ROOT, "/eval-step-%06d", config.rlSteps());
            for (var r : store.rollouts(scope)) {
                var tag = CueTag.parse(r.taskId());
                var renamed = new CueTag("s" + seed + "/" + tag.itemId(), tag.cue(), tag.cuedOption(), tag.trueOption());
                all.add(new ai.lyceum.run.RolloutRecord(renamed.taskId(), r.sample(), r.reward(), r.failureType(), r.failureDetail(),
                        r.rewardsJson(), r.trajectoryJson(), r.durationMs()));
            }
        }
        return metrics.run(all, CueMetrics.Influence.SWITCH, config.split()).report();
    }
}
