package ai.lyceum.env.selfplay;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.regex.Pattern;

/**
 * KuhnPoker-v1 as SPIRAL's code plays it (ante 1, 5 rounds; ../shared/data/selfplay/README.md), quirks included:
 * the pot is always two antes ({@code [bet]} and {@code [call]} add no chips), player 1 opens round 1 and the opener
 * alternates, and the winner of round 5 wins the game whatever the chip counts, so there is no draw. A move is
 * {@code [check]}, {@code [bet]}, {@code [call]} or {@code [fold]} (any case) and must be legal at that point of
 * the betting, or it is invalid.
 */
public final class KuhnPoker implements GameState {
    public static final int ROUNDS = 5;
    static final char[] DECK = {'J', 'Q', 'K'};
    private static final Pattern MOVE = Pattern.compile("\\[(check|bet|fold|call)]", Pattern.CASE_INSENSITIVE);

    private final SplittableRandom deals;
    /** Each player's messages so far, sender-prefixed, as LLMObservationWrapper joins them. */
    private final List<List<String>> seen = List.of(new ArrayList<>(), new ArrayList<>());
    private final int[] chips = {0, 0};
    private final char[] cards = new char[2];
    private final List<String> history = new ArrayList<>();
    private int round;
    private int opener;
    private int current;
    private int lastRoundWinner = -1;
    private boolean over;

    /** @param dealSeed the cards of every round derive from it */
    public KuhnPoker(long dealSeed) {
        this.deals = new SplittableRandom(dealSeed);
        for (int p = 0; p < 2; p++) seen.get(p).add("[GAME] " + rules(p));
        startRound(1, 1);
    }

    private void startRound(int r, int first) {
        round = r;
        opener = first;
        current = first;
        history.clear();
        int a = deals.nextInt(3), b = deals.nextInt(2);
        cards[0] = DECK[a];
        cards[1] = DECK[b >= a ? b + 1 : b]; // two different cards of three
        for (int p = 0; p < 2; p++) {
            String text = "Starting round " + r + " out of " + ROUNDS + " rounds.\nYour card is: " + cards[p];
            if (p == first) text += "\n" + actionLine(List.of("check", "bet"));
            seen.get(p).add("[GAME] " + text);
        }
    }

    private static String actionLine(List<String> actions) {
        return "Your available actions are: " + String.join(", ", actions.stream().map(a -> "[" + a + "]").toList());
    }

    /** The legal moves after {@code history} in a round. */
    static List<String> legal(List<String> history) {
        return switch (String.join(" ", history)) {
            case "", "check" -> List.of("check", "bet");
            case "bet", "check bet" -> List.of("fold", "call");
            default -> List.of();
        };
    }

    @Override
    public int currentPlayer() { return current; }

    @Override
    public List<String> actions() { return legal(history).stream().map(a -> "[" + a + "]").toList(); }

    @Override
    public Optional<String> play(String move) {
        if (over) throw new IllegalStateException("the game is over");
        var m = MOVE.matcher(move);
        if (!m.find()) return Optional.of("Action must be [Check], [Bet], [Call], or [Fold].");
        String action = m.group(1).toLowerCase(Locale.ROOT);
        if (!legal(history).contains(action)) return Optional.of("Action '" + action + "' is not legal now.");
        for (int p = 0; p < 2; p++) seen.get(p).add("[Player " + current + "] " + move);
        history.add(action);
        int actor = current;
        switch (String.join(" ", history)) {
            case "check check", "bet call", "check bet call" -> showdown();
            case "bet fold", "check bet fold" -> settle(1 - actor, "Player " + actor + " has folded.");
            default -> {
                current = 1 - current;
                seen.get(current).add("[GAME] " + actionLine(legal(history)));
            }
        }
        return Optional.empty();
    }

    private void showdown() {
        int winner = rank(cards[0]) > rank(cards[1]) ? 0 : 1;
        settle(winner, "Cards: Player 0 had " + cards[0] + ", Player 1 had " + cards[1] + "\nShowdown: Player " + winner
                + "'s " + cards[winner] + " beats Player " + (1 - winner) + "'s " + cards[1 - winner] + ".");
    }

    private void settle(int winner, String what) {
        chips[winner] += 1; // the pot of two antes, one of them the winner's own
        chips[1 - winner] -= 1;
        lastRoundWinner = winner;
        for (int p = 0; p < 2; p++) seen.get(p).add("[GAME] " + what + " Player " + winner + " wins pot of 2 chips.");
        if (round == ROUNDS) over = true; // the reference declares the last round's winner the game's winner
        else startRound(round + 1, 1 - opener);
    }

    static int rank(char card) { return card == 'J' ? 0 : card == 'Q' ? 1 : 2; }

    @Override
    public boolean over() { return over; }

    @Override
    public int[] rewards() {
        if (!over) throw new IllegalStateException("the game is not over");
        return lastRoundWinner == 0 ? new int[] {1, -1} : new int[] {-1, 1};
    }

    @Override
    public String reason() {
        return over ? "Player " + lastRoundWinner + " won the final round (chips " + chips[0] + " : " + chips[1] + ")." : "";
    }

    /** Chips won or lost so far by player 0 and 1. */
    int[] chips() { return chips.clone(); }

    @Override
    public String observation(int player, Layout layout) {
        return switch (layout) {
            case REFERENCE -> String.join("\n", seen.get(player));
            // The legal actions follow from the betting so far; listing them would not fit the tiny model's context.
            case COMPACT -> "Kuhn round " + round + "/" + ROUNDS + ", card " + cards[player] + "\n"
                    + (history.isEmpty() ? "" : "so far: " + String.join(" ", history) + "\n");
        };
    }

    static String rules(int player) {
        return "You are Player " + player + " in a " + ROUNDS + " round game of Kuhn Poker.\n"
                + "Game Rules:\n"
                + "- Kuhn Poker uses a 3-card deck with J, Q, K (J lowest, K highest)\n"
                + "- Each player antes 1 chip and receives 1 card each round\n"
                + "- Game continues for " + ROUNDS + " rounds\n"
                + "- The player with the most chips after all rounds wins\n\n"
                + "Action Rules:\n"
                + "- '[check]': Pass the action to next player without betting\n"
                + "- '[bet]': Add 1 chip to the pot (only if no bet is on the table)\n"
                + "- '[call]': Match an opponent's bet by adding 1 chip to the pot\n"
                + "- '[fold]': Surrender your hand and let your opponent win the pot\n";
    }

    /** What a player knows in the current round, read from its observation: its card and the betting so far. */
    record View(char card, List<String> history) {}

    private static final Pattern ACTED = Pattern.compile("\\[Player \\d] \\[(check|bet|call|fold)]");
    private static final Pattern CARD = Pattern.compile("(?:Your card is: |card )([JQK])");

    static Optional<View> parseView(String observation) {
        int at = Math.max(observation.lastIndexOf("Starting round"), observation.lastIndexOf("Kuhn round"));
        if (at < 0) return Optional.empty();
        String round = observation.substring(at);
        var card = CARD.matcher(round);
        if (!card.find()) return Optional.empty();
        var history = new ArrayList<String>();
        int soFar = round.indexOf("so far: ");
        if (soFar >= 0) {
            for (String a : round.substring(soFar + 8, round.indexOf('\n', soFar)).split(" ")) history.add(a);
        } else {
            var acted = ACTED.matcher(round);
            while (acted.find()) history.add(acted.group(1));
        }
        return Optional.of(new View(card.group(1).charAt(0), history));
    }
}
