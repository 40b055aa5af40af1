package ai.lyceum.env.selfplay;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class KuhnPokerTest {
    @Test
    void playerOneOpensRoundOneAndTheOpenerAlternates() {
        var game = new KuhnPoker(1);
        assertThat(game.currentPlayer()).isEqualTo(1);
        assertThat(game.actions()).containsExactly("[check]", "[bet]");
        assertThat(game.play("[check]")).isEmpty();
        assertThat(game.actions()).containsExactly("[check]", "[bet]");
        assertThat(game.play("[Check]")).as("the game parses any case").isEmpty();
        assertThat(game.currentPlayer()).as("round 2 is opened by player 0").isZero();
        assertThat(game.observation(0, Layout.REFERENCE)).contains("Starting round 2 out of 5 rounds.")
                .endsWith("Your available actions are: [check], [bet]");
    }

    @Test
    void aBetIsAnsweredByFoldOrCallAndAFoldGivesThePot() {
        var game = new KuhnPoker(2);
        game.play("[bet]");
        assertThat(game.actions()).containsExactly("[fold]", "[call]");
        assertThat(game.play("[check]")).as("illegal after a bet").isPresent();
        game.play("[fold]");
        assertThat(game.chips()).containsExactly(-1, 1); // player 0 folded to player 1's bet
        assertThat(game.observation(1, Layout.REFERENCE)).contains("[Player 1] [bet]", "[Player 0] [fold]", "Player 0 has folded.");
    }

    @Test
    void theWinnerOfTheLastRoundWinsTheGameWhateverTheChips() {
        var game = new KuhnPoker(5);
        int rounds = 0;
        while (!game.over()) {
            // Player 1 folds whenever it must answer a bet; player 0 always bets or calls.
            String move = game.actions().contains("[bet]") ? (game.currentPlayer() == 0 ? "[bet]" : "[check]")
                    : (game.currentPlayer() == 0 ? "[call]" : "[fold]");
            assertThat(game.play(move)).isEmpty();
            if (game.over() || game.observation(0, Layout.COMPACT).contains("so far") == false) rounds++;
        }
        int[] r = game.rewards();
        assertThat(r[0] + r[1]).isZero();
        assertThat(List.of(r[0], r[1])).containsExactlyInAnyOrder(1, -1);
        assertThat(game.reason()).startsWith("Player " + (r[0] == 1 ? 0 : 1) + " won the final round");
    }

    @Test
    void aPlayerReadsItsCardAndTheBettingFromEitherLayout() {
        var game = new KuhnPoker(9);
        game.play("[check]");
        var view = KuhnPoker.parseView(game.observation(0, Layout.REFERENCE)).orElseThrow();
        assertThat(view.history()).containsExactly("check");
        assertThat(KuhnPoker.parseView(game.observation(0, Layout.COMPACT)).orElseThrow()).isEqualTo(view);
    }

    @Test
    void compactWarmStartExamplesFitTheTinyModelsContextInBothGames() {
        var random = new java.util.SplittableRandom(4);
        for (var game : SelfPlayEnvironment.Game.values()) {
            var env = new SelfPlayEnvironment(game, Layout.COMPACT, SelfPlayEnvironment.Scoring.TRAINING, 1, 1, 16);
            int longest = 0;
            for (int i = 0; i < 2000; i++) {
                var example = env.randomLegalMove(random);
                String prompt = example.prompt().getFirst().content();
                // BOS + prompt + answer + EOS, in bytes: the tiny model's 64 positions.
                longest = Math.max(longest, 2 + prompt.getBytes(java.nio.charset.StandardCharsets.UTF_8).length + example.completion().length());
                assertThat(ActionExtraction.extract(example.completion(), List.of("[0]", "[1]", "[2]", "[3]", "[4]", "[5]", "[6]", "[7]",
                        "[8]", "[check]", "[bet]", "[call]", "[fold]"))).isNotEqualTo(ActionExtraction.INVALID);
            }
            assertThat(longest).as(game.id()).isLessThanOrEqualTo(64);
        }
    }
}
