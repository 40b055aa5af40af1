package ai.lyceum.env.selfplay;

import java.util.List;
import java.util.Optional;

/**
 * The rules of one two-player game in progress: whose turn it is, what each player has been told, which actions
 * the reference's parser offers, and the outcome. Players are 0 and 1. Mutable; one episode owns it.
 */
interface GameState {
    /** The player to act. */
    int currentPlayer();

    /** What {@code player} sees now, as the reference's observation wrapper renders it for this game. */
    String observation(int player, Layout layout);

    /** The exact action strings SPIRAL's parser offers the current player (e.g. {@code [4]}, {@code [check]}). */
    List<String> actions();

    /**
     * Applies the current player's move as the environment would parse it.
     *
     * @return empty when the move was played, else why the environment rejected it (an invalid move)
     */
    Optional<String> play(String move);

    boolean over();

    /** +1 / -1 / 0 for players 0 and 1 once {@link #over()}. */
    int[] rewards();

    /** Why the game ended, in words ("Player 1 has won!"). */
    String reason();
}
