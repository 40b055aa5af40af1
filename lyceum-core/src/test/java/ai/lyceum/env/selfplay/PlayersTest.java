package ai.lyceum.env.selfplay;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class PlayersTest {
    private final MinimaxPlayer minimax = new MinimaxPlayer();

    @Test
    void minimaxNeverLosesAgainstAnyReplyInEitherSeat() {
        for (int seat = 0; seat < 2; seat++) {
            for (long seed = 0; seed < 4; seed++) {
                int[] outcomes = new int[3]; // minimax wins, draws, losses over every line of the opponent's
                explore(new TicTacToe(), seat, new SplittableRandom(seed), outcomes);
                assertThat(outcomes[2]).as("losses as player %d", seat).isZero();
                assertThat(outcomes[0]).as("it punishes mistakes").isPositive();
            }
        }
    }

    private void explore(TicTacToe game, int seat, SplittableRandom random, int[] outcomes) {
        if (game.over()) {
            int r = game.rewards()[seat];
            outcomes[r > 0 ? 0 : r == 0 ? 1 : 2]++;
            return;
        }
        if (game.currentPlayer() == seat) {
            String move = minimax.choose(game.observation(seat, Layout.COMPACT), random).orElseThrow();
            assertThat(game.play("[" + move + "]")).isEmpty();
            explore(game, seat, random, outcomes);
            return;
        }
        for (String action : game.actions()) {
            var copy = replay(game);
            assertThat(copy.play(action)).isEmpty();
            explore(copy, seat, random, outcomes);
        }
    }

    private static TicTacToe replay(TicTacToe game) {
        var copy = new TicTacToe();
        String cells = game.cells();
        // Replay O and X alternately: order within a mark does not change the position.
        var os = new java.util.ArrayList<Integer>();
        var xs = new java.util.ArrayList<Integer>();
        for (int i = 0; i < 9; i++) {
            if (cells.charAt(i) == 'O') os.add(i);
            if (cells.charAt(i) == 'X') xs.add(i);
        }
        for (int k = 0; k < os.size(); k++) {
            copy.play("[" + os.get(k) + "]");
            if (k < xs.size()) copy.play("[" + xs.get(k) + "]");
        }
        return copy;
    }

    @Test
    void minimaxTakesAWinAndBlocksALoss() {
        // O to play: O O _ / X X _ / _ _ _ → win at 2.
        assertThat(minimax.choose("MM2\nTT5\n678\n", new SplittableRandom(1))).contains("2");
        // X to play: O O _ / _ X _ / _ _ _ → block at 2.
        assertThat(minimax.choose("TT2\n3M5\n678\n", new SplittableRandom(1))).contains("2");
    }

    @Test
    void theRandomPlayerPlaysOnlyFreeCellsAndLegalBets() {
        var random = new GamePlayer.Random();
        var seen = new java.util.TreeSet<String>();
        for (long s = 0; s < 200; s++) seen.add(random.choose("T1M\n3T5\nM78\n", new SplittableRandom(s)).orElseThrow());
        assertThat(seen).containsExactly("1", "3", "5", "7", "8");
        var kuhn = new KuhnPoker(7);
        for (long s = 0; s < 50; s++) {
            assertThat(random.choose(kuhn.observation(kuhn.currentPlayer(), Layout.REFERENCE), new SplittableRandom(s)).orElseThrow())
                    .isIn("check", "bet");
        }
    }

    @Test
    void theEquilibriumPlayerFollowsKuhnsStrategy() {
        var eq = new KuhnEquilibriumPlayer(0);
        var r = new SplittableRandom(3);
        assertThat(eq.choose("Kuhn round 1/5, card K\nYour available actions are: [check], [bet]\n", r)).contains("check");
        assertThat(eq.choose("Kuhn round 1/5, card J\nso far: bet\nYour available actions are: [fold], [call]\n", r)).contains("fold");
        assertThat(eq.choose("Kuhn round 1/5, card K\nso far: check\nYour available actions are: [check], [bet]\n", r)).contains("bet");
        assertThat(eq.choose("Kuhn round 1/5, card K\nso far: check bet\nYour available actions are: [fold], [call]\n", r)).contains("call");
        int calls = 0;
        for (long s = 0; s < 3000; s++) {
            if (eq.choose("Kuhn round 2/5, card Q\nso far: bet\n", new SplittableRandom(s)).orElseThrow().equals("call")) calls++;
        }
        assertThat(calls / 3000.0).isCloseTo(1.0 / 3, org.assertj.core.data.Offset.offset(0.03));
    }
}
