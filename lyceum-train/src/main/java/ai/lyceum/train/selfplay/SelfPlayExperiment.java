package ai.lyceum.train.selfplay;

import ai.lyceum.env.selfplay.GamePlayer;
import ai.lyceum.env.selfplay.KuhnEquilibriumPlayer;
import ai.lyceum.env.selfplay.Match;
import ai.lyceum.env.selfplay.MatchResult;
import ai.lyceum.env.selfplay.MinimaxPlayer;
import ai.lyceum.env.selfplay.SelfPlayEnvironment;
import ai.lyceum.env.procedural.SftExample;
import ai.lyceum.policy.Policy;
import ai.lyceum.policy.SamplingOverride;
import ai.lyceum.run.RunStore;
import ai.lyceum.train.SideBySide;
import ai.lyceum.train.model.Checkpoint;
import ai.lyceum.train.model.ModelConfig;
import ai.lyceum.train.model.Torch;
import ai.lyceum.train.model.Transformer;
import ai.lyceum.train.optim.StepStats;
import ai.lyceum.train.policy.EmbeddedPolicy;
import ai.lyceum.train.policy.PolicyCard;
import ai.lyceum.train.policy.PromptFormat;
import ai.lyceum.train.rl.RlConfig;
import ai.lyceum.train.sft.SftConfig;
import ai.lyceum.train.sft.SftTrainer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.SplittableRandom;

/**
 * The self-play experiment at laptop scale (../shared/specs/multi-agent.md §4): a format warm start (SFT on random
 * legal moves, so RL starts from a legal but random player), then each arm — RAE, one shared baseline, no baseline —
 * from that checkpoint over several seeds, with the learner evaluated greedily in both seats against a random player
 * and the game's strong player (minimax, or Kuhn's equilibrium) every few steps. Two runs train side by side, one
 * libtorch thread each; every game (training and evaluation) goes to the run store.
 */
public final class SelfPlayExperiment {
    /** One arm: a name for reports and how advantages are baselined. */
    public record Arm(String name, RoleBaselines.Mode mode, RoleBaselines.Order order) {}

    /**
     * @param gamesPerStep    self-play games per RL step
     * @param evalEvery       evaluation every this many steps (and after the last)
     * @param evalGamesPerSeat games per seat against each opponent at each evaluation
     */
    public record Config(ModelConfig model, SftConfig sft, RlConfig rl, List<Arm> arms, int rlSteps, int gamesPerStep,
            int evalEvery, int evalGamesPerSeat, List<Long> seeds) {
        public Config {
            if (rlSteps <= 0 || gamesPerStep <= 0 || evalEvery <= 0 || evalGamesPerSeat <= 0 || seeds.isEmpty() || arms.isEmpty()) {
                throw new IllegalArgumentException("need steps, games per step, an evaluation interval and size, an arm and a seed");
            }
            arms = List.copyOf(arms);
            seeds = List.copyOf(seeds);
        }
    }

    /** The learner's record at one evaluation. */
    public record Evaluation(int step, double gamesSampled, double generationsSampled, Match.Result vsRandom,
            Match.Result vsStrong) {}

    public record WarmStart(Evaluation evaluation, double finalLoss, double seconds) {}

    /** One RL run: its evaluations (step 0 first) and step reports. */
    public record Run(Arm arm, long seed, List<Evaluation> evaluations, List<SelfPlayStep> steps, double seconds) {}

    public record Result(String strongOpponent, WarmStart warmStart, List<Run> runs, double wallSeconds) {}

    /** Progress callbacks; called from the training threads, one at a time. */
    public interface Listener {
        default void sftStep(StepStats stats, int total) {}

        default void warmStart(WarmStart warmStart) {}

        default void rlStep(Arm arm, long seed, SelfPlayStep step, Optional<Evaluation> evaluation) {}
    }

    private static final int MAX_BATCH = 1024;
    private static final long EVAL_SEED = 777;

    private final SelfPlayEnvironment environment;
    private final Config config;

    /** @param environment the game, in the layout the model reads (compact for the tiny model) */
    public SelfPlayExperiment(SelfPlayEnvironment environment, Config config) {
        this.environment = environment.withScoring(SelfPlayEnvironment.Scoring.EVALUATION);
        this.config = config;
    }

    /** The strong fixed opponent of this game. */
    public static GamePlayer strongOpponent(SelfPlayEnvironment.Game game) {
        return switch (game) {
            case TICTACTOE -> new MinimaxPlayer();
            case KUHN_POKER -> new KuhnEquilibriumPlayer(1.0 / 6);
        };
    }

    public Result run(RunStore store, Path checkpointDir, Listener listener) throws InterruptedException {
        long started = System.nanoTime();
        int threadsBefore = Torch.threads();
        // One libtorch thread throughout: a two-thread region stalls whenever the machine is busier than its cores,
        // and the RL runs use one each anyway.
        Torch.setThreads(1);
        try {
            return run(store, checkpointDir, listener, started);
        } finally {
            Torch.setThreads(threadsBefore);
        }
    }

    private Result run(RunStore store, Path checkpointDir, Listener listener, long started) throws InterruptedException {
        WarmStart warm;
        try (var student = policy(Transformer.initialize(config.model(), config.sft().seed()), config.sft().seed())) {
            long t0 = System.nanoTime();
            double loss = student.withModel(model -> {
                var sft = new SftTrainer(model, config.sft());
                var random = new SplittableRandom(config.sft().seed());
                double last = Double.NaN;
                for (int step = 0; step < config.sft().steps(); step++) {
                    var batch = new ArrayList<SftExample>(config.sft().batch());
                    for (int i = 0; i < config.sft().batch(); i++) batch.add(environment.randomLegalMove(random));
                    StepStats s = sft.train(batch);
                    last = s.loss();
                    listener.sftStep(new StepStats(step, s.loss(), s.gradNorm(), s.lr()), config.sft().steps());
                }
                return last;
            });
            double seconds = (System.nanoTime() - t0) / 1e9;
            warm = new WarmStart(evaluate(student, store, "warm-start", 0, 0, 0), loss, seconds);
            student.withModel(m -> {
                Checkpoint.save(m, checkpointDir);
                return null;
            });
            new PolicyCard(PromptFormat.RAW, environment.name(), maxTokens()).save(checkpointDir);
        }
        listener.warmStart(warm);
        var runs = new ArrayList<Run>();
        var work = new ArrayList<java.util.concurrent.Callable<Run>>();
        for (long seed : config.seeds()) {
            for (Arm arm : config.arms()) work.add(() -> rl(store, checkpointDir, arm, seed, warm, listener));
        }
        runs.addAll(SideBySide.run(work));
        return new Result(strongOpponent(environment.game()).describe(), warm, runs, (System.nanoTime() - started) / 1e9);
    }

    private int maxTokens() { return config.rl().maxTokens() == 0 ? 16 : config.rl().maxTokens(); }

    private EmbeddedPolicy policy(Transformer model, long seed) {
        return new EmbeddedPolicy(model, PromptFormat.RAW, maxTokens(), MAX_BATCH, seed);
    }

    private Run rl(RunStore store, Path checkpoint, Arm arm, long seed, WarmStart warm, Listener listener)
            throws InterruptedException {
        long started = System.nanoTime();
        String name = arm.name() + "-seed" + seed;
        try (var student = policy(Checkpoint.load(checkpoint), seed)) {
            var baselines = new RoleBaselines(arm.mode(), arm.order(), RoleBaselines.ALPHA);
            var trainer = new SelfPlayTrainer(student, PromptFormat.RAW, environment, config.rl().withSeed(seed), baselines,
                    config.gamesPerStep(), store, name);
            var evaluations = new ArrayList<Evaluation>();
            evaluations.add(warm.evaluation()); // every arm starts from the same checkpoint
            var steps = new ArrayList<SelfPlayStep>();
            double games = 0, generations = 0;
            for (int step = 0; step < config.rlSteps(); step++) {
                SelfPlayStep s = trainer.step(step);
                steps.add(s);
                games += s.games();
                generations += s.generations();
                store.recordTrainStep(name, step, s.metrics(), List.of());
                Optional<Evaluation> e = Optional.empty();
                if ((step + 1) % config.evalEvery() == 0 || step + 1 == config.rlSteps()) {
                    e = Optional.of(evaluate(student, store, name, step + 1, games, generations));
                    evaluations.add(e.get());
                }
                synchronized (listener) {
                    listener.rlStep(arm, seed, s, e);
                }
            }
            return new Run(arm, seed, evaluations, steps, (System.nanoTime() - started) / 1e9);
        }
    }

    /** The greedy learner in both seats against the random player and the strong one; games recorded per seat. */
    private Evaluation evaluate(EmbeddedPolicy student, RunStore store, String run, int step, double games, double generations)
            throws InterruptedException {
        Policy greedy = new SamplingOverride(student, Optional.of(0.0), Optional.empty(), OptionalInt.of(maxTokens()), false);
        String scope = run + String.format(Locale.ROOT, "/eval-%06d", step);
        var vsRandom = Match.play(environment, greedy, new GamePlayer.Random(), "random", config.evalGamesPerSeat(),
                seat -> store.scope(scope + "/random/" + seat), EVAL_SEED, student::collect);
        GamePlayer strong = strongOpponent(environment.game());
        var vsStrong = Match.play(environment, greedy, strong, strong.describe(), config.evalGamesPerSeat(),
                seat -> store.scope(scope + "/strong/" + seat), EVAL_SEED + 1, student::collect);
        return new Evaluation(step, games, generations, vsRandom, vsStrong);
    }
}
