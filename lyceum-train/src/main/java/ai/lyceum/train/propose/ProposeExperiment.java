package ai.lyceum.train.propose;

import ai.lyceum.env.procedural.ProceduralEnvironment;
import ai.lyceum.env.procedural.SftExample;
import ai.lyceum.env.propose.ProceduralProposals;
import ai.lyceum.env.propose.ProposeEnvironment;
import ai.lyceum.env.propose.ProposerReward;
import ai.lyceum.run.RunStore;
import ai.lyceum.task.Task;
import ai.lyceum.train.SideBySide;
import ai.lyceum.train.TrainingRun;
import ai.lyceum.train.model.Checkpoint;
import ai.lyceum.train.model.ModelConfig;
import ai.lyceum.train.model.Transformer;
import ai.lyceum.train.optim.StepStats;
import ai.lyceum.train.optim.TrainingStep;
import ai.lyceum.train.policy.EmbeddedPolicy;
import ai.lyceum.train.policy.PolicyCard;
import ai.lyceum.train.policy.PromptFormat;
import ai.lyceum.train.rl.RlConfig;
import ai.lyceum.train.rl.RlTrainer;
import ai.lyceum.train.rl.StepReport;
import ai.lyceum.train.rl.TrainingTasks;
import ai.lyceum.train.sft.SftConfig;
import ai.lyceum.train.sft.SftTrainer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Does a proposer's curriculum train a solver faster? (../shared/specs/multi-agent.md §4.) One supervised warm start
 * teaches the tiny model both roles: the solver environment's own corpus and well-formed proposals of every level.
 * From that one checkpoint, with the same solver budget per step (tasks × k attempts), three arms train the solver:
 * on tasks its own proposer role writes (both roles trained, the proposer by {@link ProposerReward} less the
 * repetition penalty), on tasks of random difficulty, and on a fixed easy→hard curriculum. Each is measured by greedy
 * pass@1 on one fixed held-out set spread evenly over the difficulty levels, against RL steps and against
 * generations sampled. Two runs train side by side, one libtorch thread each, as in the Guide demo.
 */
public final class ProposeExperiment {
    /**
     * @param proposerShare   share of warm-start examples that teach the proposer role
     * @param tasksPerStep    tasks (proposals) per step, every arm
     * @param heldOutPerLevel held-out tasks per difficulty level (levels 1 … the domain's hardest)
     */
    public record Config(ModelConfig model, SftConfig sft, double proposerShare, List<TaskSource> arms,
            ProposerReward reward, RlConfig rl, int tasksPerStep, int rlSteps, int evalEvery, int heldOutPerLevel,
            List<Long> seeds) {
        public Config {
            if (rlSteps <= 0 || evalEvery <= 0 || seeds.isEmpty() || arms.isEmpty() || tasksPerStep < 2 || heldOutPerLevel < 1) {
                throw new IllegalArgumentException("need RL steps, an evaluation interval, an arm, a seed, 2+ tasks a step and a held-out set");
            }
            arms = List.copyOf(arms);
            seeds = List.copyOf(seeds);
        }
    }

    /** The warm-started model before RL: held-out pass@1 overall and per held-out level (1 first). */
    public record WarmStart(double passAt1, double[] passByLevel, double finalLoss, double seconds) {}

    /**
     * One RL run.
     *
     * @param passByLevel final held-out pass@1 per held-out level, 1 first
     */
    public record Run(TaskSource arm, long seed, int[] evalSteps, double[] passAt1, double[] passByLevel,
            List<ProposeStep> steps, double seconds) {}

    public record Result(WarmStart warmStart, List<Run> runs, double wallSeconds) {}

    /** Progress callbacks; called from the training threads, one at a time. */
    public interface Listener {
        default void sftStep(StepStats stats, int total) {}

        default void warmStart(WarmStart warmStart) {}

        default void rlStep(TaskSource arm, long seed, ProposeStep step, OptionalDouble heldOut) {}
    }

    private static final int MAX_BATCH = 1024;
    private static final long HELD_OUT_SEED = 2026;

    private final Config config;
    private final ProceduralProposals domain;
    /** Grades, sizes and evaluates the solver's answers; its own held-out set is not used. */
    private final ProceduralEnvironment solverEnvironment;
    private final List<Task> heldOut;

    public ProposeExperiment(ProceduralProposals domain, Config config) {
        this.config = config;
        this.domain = domain;
        this.solverEnvironment = domain.solverEnvironment();
        this.heldOut = heldOut(domain, config.heldOutPerLevel());
    }

    public ProceduralProposals domain() { return domain; }

    /**
     * The fixed test set: {@code perLevel} distinct tasks at each level from 1 to the hardest (a level-0 task, where
     * there is one, is solved from the start), from one seed for every run.
     */
    public static List<Task> heldOut(ProceduralProposals domain, int perLevel) {
        var random = new SplittableRandom(HELD_OUT_SEED);
        var out = new ArrayList<Task>();
        var ids = new HashSet<String>();
        for (int d = 1; d <= domain.maxLevel(); d++) {
            for (int n = 0, tries = 0; n < perLevel && tries < 100 * perLevel; tries++) {
                Task t = domain.sample(random, d);
                if (ids.add(t.id())) n++;
                else continue;
                out.add(t);
            }
        }
        return List.copyOf(out);
    }

    public List<Task> heldOut() { return heldOut; }

    public Result run(RunStore store, Path checkpointDir, Listener listener) throws InterruptedException {
        long started = System.nanoTime();
        WarmStart warmStart;
        try (var student = policy(Transformer.initialize(config.model(), config.sft().seed()), config.sft().seed())) {
            warmStart = warmStart(student, store, listener);
            student.withModel(m -> {
                Checkpoint.save(m, checkpointDir);
                return null;
            });
            card().save(checkpointDir);
        }
        listener.warmStart(warmStart);
        var runs = new ArrayList<Run>();
        var work = new ArrayList<java.util.concurrent.Callable<Run>>();
        for (long seed : config.seeds()) {
            for (TaskSource arm : config.arms()) work.add(() -> rl(store, checkpointDir, arm, seed, listener));
        }
        runs.addAll(SideBySide.run(work));
        return new Result(warmStart, runs, (System.nanoTime() - started) / 1e9);
    }

    private PolicyCard card() { return new PolicyCard(PromptFormat.RAW, solverEnvironment.name(), solverEnvironment.maxTokens()); }

    private EmbeddedPolicy policy(Transformer model, long seed) {
        return new EmbeddedPolicy(model, PromptFormat.RAW, solverEnvironment.maxTokens(), MAX_BATCH, seed);
    }

    /** Supervised steps on both roles' examples, then held-out pass@1 overall and per difficulty. */
    private WarmStart warmStart(EmbeddedPolicy student, RunStore store, Listener listener) throws InterruptedException {
        long started = System.nanoTime();
        var sft = config.sft();
        double loss = student.withModel(model -> {
            var trainer = new SftTrainer(model, solverEnvironment, sft);
            double last = Double.NaN;
            for (int step = 0; step < sft.steps(); step++) {
                var random = new SplittableRandom(sft.seed() * 1_000_003L + step);
                var examples = new ArrayList<SftExample>(sft.batch());
                for (int i = 0; i < sft.batch(); i++) {
                    examples.add(random.nextDouble() < config.proposerShare() ? domain.proposerExample(random)
                            : domain.solverExample(random));
                }
                StepStats s = trainer.train(examples);
                last = s.loss();
                listener.sftStep(new StepStats(step, s.loss(), s.gradNorm(), s.lr()), sft.steps());
            }
            return last;
        });
        double seconds = (System.nanoTime() - started) / 1e9;
        var scope = store.scope("warm-start/eval");
        double pass = ai.lyceum.train.rl.HeldOutEvaluation.greedy(student, solverEnvironment, Map.of(), heldOut, scope).mean();
        return new WarmStart(pass, passByLevel(store, "warm-start/eval"), loss, seconds);
    }

    /** Held-out pass@1 per level, read back from the evaluation's rollouts in the store. */
    private double[] passByLevel(RunStore store, String scope) {
        double[] sum = new double[domain.maxLevel()];
        int[] n = new int[domain.maxLevel()];
        var levelOf = new java.util.HashMap<String, Integer>();
        for (Task t : heldOut) levelOf.put(t.id(), domain.difficulty(t));
        for (var r : store.rollouts(scope)) {
            Integer d = levelOf.get(r.taskId());
            if (d == null || r.reward().isEmpty()) continue;
            sum[d - 1] += r.reward().get();
            n[d - 1]++;
        }
        double[] out = new double[sum.length];
        for (int i = 0; i < out.length; i++) out[i] = n[i] == 0 ? Double.NaN : sum[i] / n[i];
        return out;
    }

    private Run rl(RunStore store, Path checkpoint, TaskSource arm, long seed, Listener listener) throws InterruptedException {
        long started = System.nanoTime();
        String name = arm.label() + "-seed" + seed;
        RlConfig rl = config.rl().withSeed(seed).withGroups(config.tasksPerStep(), config.rl().groupSize());
        var drawnLevels = new ConcurrentHashMap<Integer, Double>();
        TrainingTasks tasks = tasks(arm, drawnLevels);
        try (var student = policy(Checkpoint.load(checkpoint), seed)) {
            var trainer = new RlTrainer(student, PromptFormat.RAW, Optional.empty(), solverEnvironment, tasks,
                    Optional.empty(), rl, store, name);
            var proposer = arm == TaskSource.PROPOSER ? Optional.of(new ProposerSolverTrainer(student, PromptFormat.RAW,
                    new ProposeEnvironment("propose-" + domain.name(), domain, config.reward(), rl.groupSize(), config.tasksPerStep()),
                    trainer, rl, store, name, config.tasksPerStep())) : Optional.<ProposerSolverTrainer>empty();
            var run = new TrainingRun(checkpoint, store, student, solverEnvironment, Map.of(), heldOut, card(),
                    new TrainingRun.Settings(name, config.rlSteps(), config.evalEvery(), 0));
            var evalSteps = new ArrayList<Integer>();
            var passAt1 = new ArrayList<Double>();
            evalSteps.add(0);
            passAt1.add(run.evaluate(0));
            var steps = new ArrayList<ProposeStep>();
            run.run(new TrainingRun.Steps() {
                @Override
                public TrainingRun.Outcome step(int step) throws InterruptedException {
                    ProposeStep s = proposer.isPresent() ? proposer.get().step(step) : fromGrpo(trainer.step(step), drawnLevels.getOrDefault(step, Double.NaN));
                    steps.add(s);
                    return new TrainingRun.Outcome(s.metrics(), List.of(), "");
                }

                @Override
                public TrainingStep optimizer() throws InterruptedException { return trainer.optimizer(); }
            }, 0, (step, outcome, held) -> {
                held.ifPresent(p -> {
                    evalSteps.add(step + 1);
                    passAt1.add(p);
                });
                synchronized (listener) {
                    listener.rlStep(arm, seed, steps.getLast(), held);
                }
            });
            double[] byLevel = passByLevel(store, name + String.format(java.util.Locale.ROOT, "/eval-step-%06d", config.rlSteps()));
            return new Run(arm, seed, evalSteps.stream().mapToInt(Integer::intValue).toArray(),
                    passAt1.stream().mapToDouble(Double::doubleValue).toArray(), byLevel, steps, (System.nanoTime() - started) / 1e9);
        }
    }

    /** A random or curriculum arm's step as the proposer arm reports it; the level is the mean of the tasks drawn. */
    private static ProposeStep fromGrpo(StepReport r, double meanLevel) {
        return new ProposeStep(r.step(), r.cost().plainRollouts(), 0, r.plainAccuracy(), r.prompts(), 0, 0,
                r.failedRollouts(), meanLevel, Double.NaN, Double.NaN, Double.NaN, r.trained(), r.loss(), r.updates(), r.seconds());
    }

    /** The solver's tasks for a random or curriculum arm (the proposer arm asks its proposer instead). */
    private TrainingTasks tasks(TaskSource arm, Map<Integer, Double> drawnLevels) {
        return new TrainingTasks() {
            @Override
            public List<Task> draw(long seed, int step, int round, int n) {
                var random = new SplittableRandom(RlTrainer.mix(seed, step, 16 * round));
                var out = new ArrayList<Task>(n);
                var ids = new HashSet<String>();
                double level = 0;
                for (int tries = 0; out.size() < n; tries++) {
                    int lo = domain.minLevel(), hi = domain.maxLevel();
                    int d = arm == TaskSource.CURRICULUM ? lo + TaskSource.curriculumLevel(step, config.rlSteps(), hi - lo + 1) - 1
                            : lo + random.nextInt(hi - lo + 1);
                    Task t = domain.sample(random, d);
                    if (!ids.add(t.id()) && tries < 100 * n) continue; // the engine wants distinct ids per call
                    out.add(t);
                    level += d;
                }
                if (round == 0) drawnLevels.put(step, level / n);
                return out;
            }

            @Override
            public List<Task> heldOut() { return heldOut; }
        };
    }
}
