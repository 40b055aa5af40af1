package ai.lyceum.env.selfplay;

import static org.assertj.core.api.Assertions.assertThat;

import ai.lyceum.env.Step;
import ai.lyceum.env.Trajectory;
import ai.lyceum.env.selfplay.SelfPlayEnvironment.Game;
import ai.lyceum.env.selfplay.SelfPlayEnvironment.Scoring;
import ai.lyceum.policy.Completion;
import ai.lyceum.reward.RewardResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TicTacToeTest {
    private static SelfPlayEnvironment env(Layout layout, Scoring scoring) {
        return new SelfPlayEnvironment(Game.TICTACTOE, layout, scoring, 4, 1, 16);
    }

    /** Plays the answers in turn; returns the per-role rewards and the roles that acted. */
    private static Map<String, RewardResult> play(SelfPlayEnvironment env, List<String> roles, String... answers) {
        var task = env.tasks().getFirst();
        var episode = env.start(task);
        var step = episode.begin();
        for (String a : answers) {
            var act = (Step.Act) step;
            roles.add(act.role());
            step = episode.advance(Completion.ofText(a));
        }
        assertThat(step).isInstanceOf(Step.Done.class);
        return episode.score(new Trajectory(task, List.of()));
    }

    @Test
    void playerZeroIsOAndMovesFirstAndThreeInARowWins() {
        var roles = new ArrayList<String>();
        var r = play(env(Layout.COMPACT, Scoring.TRAINING), roles, "\\boxed{0}", "\\boxed{3}", "\\boxed{1}", "\\boxed{4}", "\\boxed{2}");
        assertThat(roles).containsExactly("player-0", "player-1", "player-0", "player-1", "player-0");
        assertThat(r.get("player-0").value()).isEqualTo(1.0);
        assertThat(r.get("player-1").value()).isEqualTo(-1.0);
        assertThat(r.get("player-0").diagnostics()).containsEntry("outcome", "win").containsEntry("ended_by", "rules")
                .containsEntry("invalid_move", false).containsEntry("moves", 5);
    }

    @Test
    void aFullBoardWithoutALineIsADraw() {
        // O X O / O X X / X O O
        var r = play(env(Layout.REFERENCE, Scoring.TRAINING), new ArrayList<>(), "\\boxed{0}", "\\boxed{1}", "\\boxed{2}", "\\boxed{4}",
                "\\boxed{3}", "\\boxed{5}", "\\boxed{7}", "\\boxed{6}", "\\boxed{8}");
        assertThat(r.get("player-0").value()).isZero();
        assertThat(r.get("player-1").value()).isZero();
        assertThat(r.get("player-1").diagnostics()).containsEntry("outcome", "draw");
    }

    @Test
    void anOccupiedCellIsTheInvalidSentinelWithTrainingAndEvaluationRewards() {
        var training = play(env(Layout.COMPACT, Scoring.TRAINING), new ArrayList<>(), "\\boxed{4}", "\\boxed{4}");
        assertThat(training.get("player-1").value()).isEqualTo(-1.5);
        assertThat(training.get("player-0").value()).isEqualTo(0.5);
        assertThat(training.get("player-1").diagnostics()).containsEntry("ended_by", "invalid_action")
                .containsEntry("invalid_move", true).containsEntry("invalid_answer", "\\boxed{4}").containsEntry("outcome", "loss");
        assertThat(training.get("player-0").diagnostics()).containsEntry("invalid_move", false).containsEntry("outcome", "win");

        var evaluation = play(env(Layout.COMPACT, Scoring.EVALUATION), new ArrayList<>(), "no idea at all what to play here");
        assertThat(evaluation.get("player-0").value()).isEqualTo(-1.0);
        assertThat(evaluation.get("player-1").value()).isEqualTo(1.0);
    }

    @Test
    void anEmptyAnswerIsAMoveTheGameRejects() {
        var r = play(env(Layout.COMPACT, Scoring.TRAINING), new ArrayList<>(), "");
        assertThat(r.get("player-0").value()).isEqualTo(-1.0);
        assertThat(r.get("player-1").value()).isZero();
        assertThat(r.get("player-0").diagnostics()).containsEntry("ended_by", "rejected_move").containsEntry("invalid_move", true);
    }

    @Test
    void aGameStillRunningAtTheTurnLimitIsTruncatedAtZeroEach() {
        var env = new SelfPlayEnvironment(Game.TICTACTOE, Layout.COMPACT, Scoring.TRAINING, 1, 1, 16, 4);
        var r = play(env, new ArrayList<>(), "\\boxed{0}", "\\boxed{1}", "\\boxed{2}", "\\boxed{4}");
        assertThat(r.get("player-0").value()).isZero();
        assertThat(r.get("player-1").value()).isZero();
        assertThat(r.get("player-0").diagnostics()).containsEntry("ended_by", "truncated").containsEntry("outcome", "draw");
    }

    @Test
    void theReferenceLayoutShowsRulesBoardMovesAndNextAction() {
        var env = env(Layout.REFERENCE, Scoring.EVALUATION);
        var act = (Step.Act) env.start(env.tasks().getFirst()).begin();
        String text = act.messages().getFirst().content();
        assertThat(text).startsWith("You are playing a two-player zero-sum game.")
                .contains("Observation: You are Player 0 in Tic Tac Toe.", "you will be 'O', while your opponent is 'X'",
                        " 0 | 1 | 2 \n---+---+---\n 3 | 4 | 5 ", "Available Moves: '[0]', '[1]', '[2]'", "'[8]'\n\nNext Action:")
                .endsWith("put your final answer within \\boxed{}.");
    }

    @Test
    void theCompactLayoutFitsTheTinyModel() {
        var state = new TicTacToe();
        state.play("[4]");
        state.play("[0]");
        assertThat(state.observation(0, Layout.COMPACT)).isEqualTo("T12\n3M5\n678\n");
        assertThat(state.observation(1, Layout.COMPACT)).as("the same board from X's side").isEqualTo("M12\n3T5\n678\n");
        assertThat(TicTacToe.parseBoard(state.observation(0, Layout.COMPACT)).orElseThrow()).containsExactly(
                'X', ' ', ' ', ' ', 'O', ' ', ' ', ' ', ' ');
        assertThat(TicTacToe.parseBoard(state.observation(1, Layout.REFERENCE)).orElseThrow()).containsExactly(
                'X', ' ', ' ', ' ', 'O', ' ', ' ', ' ', ' ');
        assertThat(state.actions()).containsExactly("[1]", "[2]", "[3]", "[5]", "[6]", "[7]", "[8]");
    }

    @Test
    void theRegistryOffersBothGamesInBothLayoutsAsTwoRoleEnvironments() {
        for (String name : List.of("tictactoe-v0", "tictactoe-v0-compact", "kuhnpoker-v1", "kuhnpoker-v1-compact")) {
            try (var env = ai.lyceum.env.Environments.create(name, java.util.Optional.empty(), ai.lyceum.env.Environments.Options.defaults())) {
                assertThat(env.roles()).containsExactly("player-0", "player-1");
                assertThat(env.tasks()).hasSize(200);
                assertThat(env.tasks().stream().map(t -> t.id()).distinct()).hasSize(200);
            } catch (ai.lyceum.dataset.DatasetException e) {
                throw new AssertionError(e);
            }
        }
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> ai.lyceum.env.Environments.create("tictactoe-v0",
                java.util.Optional.of(java.nio.file.Path.of("games.jsonl")), ai.lyceum.env.Environments.Options.defaults()))
                .hasMessageContaining("takes no --tasks file");
    }
}
