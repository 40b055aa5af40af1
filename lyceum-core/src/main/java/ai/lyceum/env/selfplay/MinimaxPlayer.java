package ai.lyceum.env.selfplay;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;

/**
 * Perfect TicTacToe: full game-tree search (5,478 reachable positions, memoised), a win sooner scoring above a win
 * later, ties between equally good moves broken at random. It never loses.
 */
public final class MinimaxPlayer extends GamePlayer {
    private final Map<String, Integer> values = new HashMap<>();

    @Override
    public String describe() { return "minimax-player"; }

    @Override
    Optional<String> choose(String observation, SplittableRandom random) {
        return TicTacToe.parseBoard(observation).flatMap(board -> best(board, random)).map(String::valueOf);
    }

    /** One of the best cells for the player to move on {@code board}, empty when the board has none free or is over. */
    Optional<Integer> best(char[] board, SplittableRandom random) {
        char me = toMove(board);
        if (TicTacToe.wins(board, 'O') || TicTacToe.wins(board, 'X')) return Optional.empty();
        var bestCells = new ArrayList<Integer>();
        int bestValue = Integer.MIN_VALUE;
        for (int i = 0; i < 9; i++) {
            if (board[i] != ' ') continue;
            board[i] = me;
            int v = -value(board, other(me));
            board[i] = ' ';
            if (v > bestValue) {
                bestValue = v;
                bestCells.clear();
            }
            if (v == bestValue) bestCells.add(i);
        }
        return bestCells.isEmpty() ? Optional.empty() : Optional.of(bestCells.get(random.nextInt(bestCells.size())));
    }

    /** 'O' moves first, so 'O' is to move when the marks are even. */
    static char toMove(char[] board) {
        int o = 0, x = 0;
        for (char c : board) {
            if (c == 'O') o++;
            else if (c == 'X') x++;
        }
        return o == x ? 'O' : 'X';
    }

    private static char other(char mark) { return mark == 'O' ? 'X' : 'O'; }

    /** The value of {@code board} for {@code toMove}: +(10 - moves) for a win, 0 a draw, negative a loss. */
    private int value(char[] board, char toMove) {
        String key = new String(board) + toMove;
        Integer known;
        synchronized (values) {
            known = values.get(key);
        }
        if (known != null) return known;
        int result;
        int filled = 0;
        for (char c : board) if (c != ' ') filled++;
        if (TicTacToe.wins(board, other(toMove))) result = -(10 - filled);
        else if (filled == 9) result = 0;
        else {
            result = Integer.MIN_VALUE;
            for (int i = 0; i < 9; i++) {
                if (board[i] != ' ') continue;
                board[i] = toMove;
                result = Math.max(result, -value(board, other(toMove)));
                board[i] = ' ';
            }
        }
        synchronized (values) {
            values.put(key, result);
        }
        return result;
    }
}
