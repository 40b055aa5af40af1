package ai.lyceum.train.selfplay;

import ai.lyceum.env.Trajectory;
import ai.lyceum.env.selfplay.SelfPlayEnvironment;
import ai.lyceum.policy.Policy;
import ai.lyceum.policy.SamplingOverride;
import ai.lyceum.rollout.Rollout;
import ai.lyceum.rollout.RolloutEngine;
import ai.lyceum.run.RunStore;
import ai.lyceum.task.Task;
import ai.lyceum.train.optim.TrainingStep;
import ai.lyceum.train.policy.EmbeddedPolicy;
import ai.lyceum.train.policy.PromptFormat;
import ai.lyceum.train.rl.RlConfig;
import ai.lyceum.train.rl.RlSequence;
import ai.lyceum.train.rl.RlTrainer;
import ai.lyceum.train.rl.TrainingTasks;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

/**
 * Self-play on the embedded model: one policy plays both seats of every game. A step plays
 * {@code gamesPerStep} games through the rollout engine (training rewards: an invalid move costs -1.5 and pays the
 * other seat +0.5), gives every turn of a seat the seat's final return (γ = 1) less its {@link RoleBaselines}
 * baseline, games in order and player 0 before player 1 as the reference does, drops turns whose advantage is 0,
 * and updates through {@link RlTrainer#update} (PPO-clipped policy loss, mini-batches of whole games). Every game
 * lands in the run store in scope {@code RUN/step-NNNNNN}; illegal moves are counted there too
 * ({@code selfplay.invalid_moves}).
 */
public final class SelfPlayTrainer {
    private static final Duration ROLLOUT_TIMEOUT = Duration.ofMinutes(10);
    /** The counter of games ended by an illegal move, summed over every self-play run in the store. */
    public static final String INVALID_MOVES = "selfplay.invalid_moves";

    private final EmbeddedPolicy student;
    private final PromptFormat format;
    private final SelfPlayEnvironment environment;
    private final RlConfig config;
    private final RoleBaselines baselines;
    private final int gamesPerStep;
    private final RunStore store;
    private final String run;
    private final RlTrainer update;

    /**
     * @param environment  the game; its invalid-move rewards are switched to training's
     * @param config       update and sampling settings (learning rate, mini-batches, loss, temperature, seed)
     * @param gamesPerStep games per step
     */
    public SelfPlayTrainer(EmbeddedPolicy student, PromptFormat format, SelfPlayEnvironment environment, RlConfig config,
            RoleBaselines baselines, int gamesPerStep, RunStore store, String run) {
        if (gamesPerStep <= 0) throw new IllegalArgumentException("games per step must be positive, was " + gamesPerStep);
        this.student = student;
        this.format = format;
        this.environment = environment.withScoring(SelfPlayEnvironment.Scoring.TRAINING);
        this.config = config;
        this.baselines = baselines;
        this.gamesPerStep = gamesPerStep;
        this.store = store;
        this.run = run;
        var games = new TrainingTasks() {
            @Override
            public List<Task> draw(long seed, int step, int round, int n) { return SelfPlayTrainer.this.games(step); }

            @Override
            public List<Task> heldOut() { return List.of(); }
        };
        this.update = new RlTrainer(student, format, Optional.empty(), this.environment, games, Optional.empty(),
                config.withAlgorithm(RlConfig.Algorithm.GRPO), store, run, Set.copyOf(SelfPlayEnvironment.ROLES));
    }

    public TrainingStep optimizer() throws InterruptedException { return update.optimizer(); }

    public RoleBaselines baselines() { return baselines; }

    /** The games of step {@code step}: fresh ids, deals from the seed and the step. */
    List<Task> games(int step) {
        var out = new ArrayList<Task>(gamesPerStep);
        for (int i = 0; i < gamesPerStep; i++) {
            long deal = config.seed() * 0x9E3779B97F4A7C15L + step * 0xBF58476D1CE4E5B9L + i;
            out.add(environment.task(String.format(Locale.ROOT, "%s-s%06d-g%04d", environment.game().id(), step, i), deal));
        }
        return out;
    }

    /** Plays step {@code step}'s games and updates on them. */
    public SelfPlayStep step(int step) throws InterruptedException {
        long started = System.nanoTime();
        var sampling = new SamplingOverride(student, Optional.of(config.temperature()), Optional.of(config.topP()),
                config.maxTokens() == 0 ? OptionalInt.empty() : OptionalInt.of(config.maxTokens()), true);
        Map<String, Policy> seats = Map.of(SelfPlayEnvironment.PLAYER_0, sampling, SelfPlayEnvironment.PLAYER_1, sampling);
        var tasks = games(step);
        var engine = new RolloutEngine(environment, seats, store.scope(run + String.format(Locale.ROOT, "/step-%06d", step)),
                new RolloutEngine.Options(1, tasks.size(), config.seed() * 31 + step, ROLLOUT_TIMEOUT));
        List<Rollout> games = student.collect(engine, tasks);

        var sequences = new ArrayList<RlSequence>();
        int generations = 0, zero = 0, p0 = 0, p1 = 0, draws = 0, invalid = 0, failed = 0;
        long responseTokens = 0;
        double advantageSum = 0;
        for (int g = 0; g < games.size(); g++) {
            Rollout game = games.get(g);
            for (Trajectory.Turn turn : game.trajectory().turns()) {
                generations++;
                responseTokens += turn.completion().tokens().map(t -> t.size()).orElse(0);
            }
            if (game.failure().isPresent()) { // never a silent zero: counted, and the game is not trained on
                failed++;
                continue;
            }
            var r0 = game.rewards().get(SelfPlayEnvironment.PLAYER_0);
            var r1 = game.rewards().get(SelfPlayEnvironment.PLAYER_1);
            String outcome = String.valueOf(r0.diagnostics().get("outcome"));
            if (outcome.equals("win")) p0++;
            else if (outcome.equals("loss")) p1++;
            else draws++;
            if (Boolean.TRUE.equals(r0.diagnostics().get("invalid_move")) || Boolean.TRUE.equals(r1.diagnostics().get("invalid_move"))) {
                invalid++;
            }
            for (String role : SelfPlayEnvironment.ROLES) {
                double reward = game.rewards().get(role).value();
                double advantage = baselines.advantage(environment.game().id(), role, reward);
                for (Trajectory.Turn turn : game.trajectory().turns()) {
                    if (!turn.role().equals(role)) continue;
                    if (advantage == 0) { // filter_zero_adv: nothing to learn from this turn
                        zero++;
                        continue;
                    }
                    int[] prompt = format.render(turn.observation());
                    int[] response = turn.completion().tokens().orElseThrow(() -> new IllegalStateException(
                            "the student returned no token ids for " + game.taskId())).ids();
                    sequences.add(new RlSequence(g, game.taskId(), prompt, prompt, response, reward, advantage, true));
                    advantageSum += advantage;
                }
            }
        }
        if (invalid > 0) store.addCounts(Map.of(INVALID_MOVES, (long) invalid));
        var u = update.update(sequences, step);
        return new SelfPlayStep(step, games.size(), generations, sequences.size(), zero, p0, p1, draws, invalid, failed,
                generations == 0 ? Double.NaN : (double) responseTokens / generations,
                sequences.isEmpty() ? Double.NaN : advantageSum / sequences.size(), baselines.values(), u.loss(),
                u.gradNorm(), u.updates(), (System.nanoTime() - started) / 1e9);
    }
}
