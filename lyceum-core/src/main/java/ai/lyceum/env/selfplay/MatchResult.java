package ai.lyceum.env.selfplay;

import ai.lyceum.eval.EvalSummary.Interval;
import ai.lyceum.eval.WilsonInterval;

/**
 * A learner's record against one opponent over games in both seats. Rollouts that failed (a policy error, a
 * timeout) are counted apart, never as losses; an illegal move is a loss and is also counted in
 * {@code invalidMoves}.
 *
 * @param invalidMoves games the learner lost by an answer that matched no action, or a move the game rejected
 */
public record MatchResult(String opponent, int wins, int draws, int losses, int invalidMoves, int failed) {
    public MatchResult {
        if (wins < 0 || draws < 0 || losses < 0 || invalidMoves < 0 || failed < 0 || invalidMoves > losses) {
            throw new IllegalArgumentException("bad counts " + wins + "/" + draws + "/" + losses + ", invalid " + invalidMoves);
        }
    }

    /** Games with a result (failed rollouts excluded). */
    public int games() { return wins + draws + losses; }

    public double winRate() { return rate(wins); }

    public double drawRate() { return rate(draws); }

    public double lossRate() { return rate(losses); }

    /** Wins plus draws over games: the target measure. */
    public double winOrDrawRate() { return rate(wins + draws); }

    public double invalidRate() { return rate(invalidMoves); }

    public Interval winInterval() { return WilsonInterval.of(wins, games()); }

    public Interval drawInterval() { return WilsonInterval.of(draws, games()); }

    public Interval lossInterval() { return WilsonInterval.of(losses, games()); }

    public Interval winOrDrawInterval() { return WilsonInterval.of(wins + draws, games()); }

    /** This record and {@code other}'s (the other seat's games, say) together. */
    public MatchResult plus(MatchResult other) {
        return new MatchResult(opponent, wins + other.wins, draws + other.draws, losses + other.losses,
                invalidMoves + other.invalidMoves, failed + other.failed);
    }

    private double rate(int count) { return games() == 0 ? Double.NaN : (double) count / games(); }
}
