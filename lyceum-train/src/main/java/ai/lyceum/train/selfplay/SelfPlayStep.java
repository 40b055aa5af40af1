package ai.lyceum.train.selfplay;

import static ai.lyceum.train.rl.StepReport.finite;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * What one self-play step did.
 *
 * @param games           games played (rollouts sampled)
 * @param generations     model answers sampled over those games, both seats
 * @param trained         turns in the loss
 * @param zeroAdvantage   turns dropped because their advantage was 0 ({@code filter_zero_adv})
 * @param player0Wins     games won by player 0
 * @param player1Wins     games won by player 1
 * @param draws           games drawn or truncated
 * @param invalidMoves    games ended by an illegal move (the invalid sentinel or a move the game rejected)
 * @param failedRollouts  games that failed (recorded with a typed failure) and were not trained on
 * @param meanResponseTokens mean answer length in tokens over every sampled answer, EOS included
 * @param meanAdvantage   mean advantage of the trained turns
 * @param baselines       the baselines after the step, by (game/role) or {@code shared}
 */
public record SelfPlayStep(int step, int games, int generations, int trained, int zeroAdvantage, int player0Wins,
        int player1Wins, int draws, int invalidMoves, int failedRollouts, double meanResponseTokens, double meanAdvantage,
        Map<String, Double> baselines, double loss, double gradNorm, int updates, double seconds) {
    public SelfPlayStep {
        baselines = Map.copyOf(baselines);
    }

    /** The figures by name, for the run store and metrics.csv; NaN becomes null. */
    public Map<String, Object> metrics() {
        var m = new LinkedHashMap<String, Object>();
        m.put("games", games);
        m.put("generations", generations);
        m.put("trained", trained);
        m.put("zero_advantage", zeroAdvantage);
        m.put("player0_wins", player0Wins);
        m.put("player1_wins", player1Wins);
        m.put("draws", draws);
        m.put("invalid_moves", invalidMoves);
        m.put("failed_rollouts", failedRollouts);
        m.put("mean_response_tokens", finite(meanResponseTokens));
        m.put("mean_advantage", finite(meanAdvantage));
        new TreeMap<>(baselines).forEach((k, v) -> m.put("baseline." + k, v));
        m.put("loss", finite(loss));
        m.put("grad_norm", finite(gradNorm));
        m.put("updates", updates);
        m.put("seconds", seconds);
        return m;
    }
}
