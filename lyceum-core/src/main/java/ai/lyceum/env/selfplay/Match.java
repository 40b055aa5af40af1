package ai.lyceum.env.selfplay;

import ai.lyceum.policy.Policy;
import ai.lyceum.rollout.Rollout;
import ai.lyceum.rollout.RolloutEngine;
import ai.lyceum.rollout.RolloutLog;
import ai.lyceum.task.Task;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * A learner against a fixed opponent, in both seats, through the rollout engine: every game lands in the log of
 * its seat ({@code seat-0}, {@code seat-1}) with both roles' rewards, so the run store shows each game's moves,
 * result and any illegal move.
 */
public final class Match {
    /** How the engine is run: the embedded model runs it in lockstep, a remote policy straight. */
    @FunctionalInterface
    public interface Runner {
        List<Rollout> run(RolloutEngine engine, List<Task> tasks) throws InterruptedException;

        Runner DIRECT = (engine, tasks) -> engine.collect(tasks, r -> {});
    }

    /** The learner's record in one seat, and both seats together. */
    public record Result(MatchResult asPlayer0, MatchResult asPlayer1) {
        public MatchResult total() { return asPlayer0.plus(asPlayer1); }
    }

    private Match() {}

    /**
     * Plays {@code gamesPerSeat} games with the learner as player 0, then as many as player 1.
     *
     * @param logs      the log each seat's games are recorded in, by seat name ({@code seat-0}, {@code seat-1})
     * @param seed      deals and sampling seeds derive from it
     */
    public static Result play(SelfPlayEnvironment environment, Policy learner, Policy opponent, String opponentName,
            int gamesPerSeat, Function<String, RolloutLog> logs, long seed, Runner runner) throws InterruptedException {
        var results = new MatchResult[2];
        for (int seat = 0; seat < 2; seat++) {
            var tasks = new ArrayList<Task>(gamesPerSeat);
            for (int i = 0; i < gamesPerSeat; i++) {
                tasks.add(environment.task(String.format(Locale.ROOT, "%s-seat%d-%06d", environment.game().id(), seat, i),
                        seed * 1_000_003L + 2L * i + seat));
            }
            String me = SelfPlayEnvironment.ROLES.get(seat), other = SelfPlayEnvironment.ROLES.get(1 - seat);
            var engine = new RolloutEngine(environment, Map.of(me, learner, other, opponent), logs.apply("seat-" + seat),
                    new RolloutEngine.Options(1, Math.max(1, gamesPerSeat), seed + seat, Duration.ofMinutes(10)));
            results[seat] = tally(runner.run(engine, tasks), me, opponentName);
        }
        return new Result(results[0], results[1]);
    }

    /** The record of {@code role} over finished games. */
    public static MatchResult tally(List<Rollout> games, String role, String opponentName) {
        int wins = 0, draws = 0, losses = 0, invalid = 0, failed = 0;
        for (Rollout game : games) {
            var reward = game.rewards().get(role);
            if (game.failure().isPresent() || reward == null || reward.failure().isPresent()) {
                failed++;
                continue;
            }
            switch (String.valueOf(reward.diagnostics().get("outcome"))) {
                case "win" -> wins++;
                case "draw" -> draws++;
                default -> {
                    losses++;
                    if (Boolean.TRUE.equals(reward.diagnostics().get("invalid_move"))) invalid++;
                }
            }
        }
        return new MatchResult(opponentName, wins, draws, losses, invalid, failed);
    }
}
