package ai.lyceum.env.selfplay;

import java.util.Optional;
import java.util.SplittableRandom;

/**
 * Kuhn poker's Nash equilibrium family (Kuhn 1950), with the opener's bluffing rate α in [0, 1/3]: the opener
 * bets J with probability α, checks Q, bets K with 3α; after check–bet it folds J, calls Q with α + 1/3, calls K.
 * The responder facing a bet folds J, calls Q with 1/3, calls K; after a check it bets J with 1/3, checks Q, bets K.
 *
 * <p>This is the equilibrium of standard Kuhn poker. KuhnPoker-v1's quirks (bets add no chips, the last round
 * decides the game) make calling free, so against v1's scoring this player is a strong fixed opponent, not an
 * unexploitable one.
 */
public final class KuhnEquilibriumPlayer extends GamePlayer {
    private final double alpha;

    public KuhnEquilibriumPlayer(double alpha) {
        if (!(alpha >= 0 && alpha <= 1.0 / 3)) throw new IllegalArgumentException("alpha must be in [0, 1/3], was " + alpha);
        this.alpha = alpha;
    }

    @Override
    public String describe() { return "kuhn-equilibrium-player(alpha=" + alpha + ")"; }

    @Override
    Optional<String> choose(String observation, SplittableRandom random) {
        return KuhnPoker.parseView(observation).map(v -> {
            int card = KuhnPoker.rank(v.card());
            String h = String.join(" ", v.history());
            double p; // probability of the aggressive choice: bet, or call
            String aggressive, passive;
            switch (h) {
                case "" -> { aggressive = "bet"; passive = "check"; p = new double[] {alpha, 0, 3 * alpha}[card]; }
                case "check" -> { aggressive = "bet"; passive = "check"; p = new double[] {1.0 / 3, 0, 1}[card]; }
                case "bet" -> { aggressive = "call"; passive = "fold"; p = new double[] {0, 1.0 / 3, 1}[card]; }
                case "check bet" -> { aggressive = "call"; passive = "fold"; p = new double[] {0, alpha + 1.0 / 3, 1}[card]; }
                default -> { return null; }
            }
            return random.nextDouble() < p ? aggressive : passive;
        });
    }
}
