package ai.lyceum.env.selfplay;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * TicTacToe-v0 as TextArena plays it (../shared/data/selfplay/README.md): player 0 is 'O' and moves first, player
 * 1 is 'X'; a move names a cell 0–8 as {@code [n]}; three in a row wins (+1/-1), a full board is a draw (0/0); a move
 * that is unparseable, off the board or on an occupied cell is invalid.
 */
public final class TicTacToe implements GameState {
    static final int[][] LINES = {{0, 1, 2}, {3, 4, 5}, {6, 7, 8}, {0, 3, 6}, {1, 4, 7}, {2, 5, 8}, {0, 4, 8}, {2, 4, 6}};
    private static final Pattern MOVE = Pattern.compile("\\[\\s*(\\d+)\\s*]");

    /** The cells, ' ' when empty. */
    private final char[] board = "         ".toCharArray();
    private int current;
    private int winner = -1;
    private boolean draw;

    /** The mark player {@code p} puts down. */
    public static char mark(int player) { return player == 0 ? 'O' : 'X'; }

    @Override
    public int currentPlayer() { return current; }

    /** The cells as a string of 'O', 'X' and ' '. */
    String cells() { return new String(board); }

    @Override
    public List<String> actions() {
        var out = new ArrayList<String>();
        for (int i = 0; i < 9; i++) if (board[i] == ' ') out.add("[" + i + "]");
        return out;
    }

    @Override
    public Optional<String> play(String move) {
        if (over()) throw new IllegalStateException("the game is over");
        var m = MOVE.matcher(move);
        if (!m.find()) return Optional.of("The submitted move does not follow the correct format.");
        int cell;
        try {
            cell = Integer.parseInt(m.group(1));
        } catch (NumberFormatException e) {
            cell = -1; // more digits than an int holds: off the board all the same
        }
        if (cell < 0 || cell > 8) return Optional.of(m.group(1) + ". Must be between 0 and 8.");
        if (board[cell] != ' ') return Optional.of("cell " + cell + " is already occupied.");
        board[cell] = mark(current);
        if (wins(board, mark(current))) winner = current;
        else if (cells().indexOf(' ') < 0) draw = true;
        current = 1 - current;
        return Optional.empty();
    }

    static boolean wins(char[] board, char mark) {
        for (int[] line : LINES) {
            if (board[line[0]] == mark && board[line[1]] == mark && board[line[2]] == mark) return true;
        }
        return false;
    }

    @Override
    public boolean over() { return winner >= 0 || draw; }

    @Override
    public int[] rewards() {
        if (draw) return new int[] {0, 0};
        if (winner < 0) throw new IllegalStateException("the game is not over");
        return winner == 0 ? new int[] {1, -1} : new int[] {-1, 1};
    }

    @Override
    public String reason() { return draw ? "The game is a draw!" : winner < 0 ? "" : "Player " + winner + " has won!"; }

    @Override
    public String observation(int player, Layout layout) {
        return switch (layout) {
            // FirstLastObservationWrapper: the rules prompt, the latest message (the board), then "Next Action:".
            case REFERENCE -> rules(player) + "\n\n" + boardMessage() + "\n\nNext Action:";
            case COMPACT -> compact(player);
        };
    }

    /** The rules prompt TextArena sends each player first. */
    static String rules(int player) {
        return "You are Player " + player + " in Tic Tac Toe.\n"
                + "Your goal is to win three in a row (horizontally, vertically, or diagonally) on the board.\n"
                + "On your turn, you should select the square number (0-8) you want to put your mark in next.\n"
                + "For example, '[4]' places your mark in the center cell of the board.\n\n"
                + "As Player " + player + ", you will be '" + mark(player) + "', while your opponent is '" + mark(1 - player) + "'.\n";
    }

    /** The message both players get after reset and after every move. */
    String boardMessage() {
        var rows = new ArrayList<String>();
        for (int r = 0; r < 3; r++) {
            var row = new StringBuilder();
            for (int c = 0; c < 3; c++) {
                int i = 3 * r + c;
                if (c > 0) row.append('|');
                row.append(' ').append(board[i] == ' ' ? (char) ('0' + i) : board[i]).append(' ');
            }
            rows.add(row.toString());
        }
        var moves = actions().stream().map(a -> "'" + a + "'").toList();
        return "Current Board:\n\n" + String.join("\n---+---+---\n", rows) + "\n\nAvailable Moves: " + String.join(", ", moves);
    }

    /**
     * {@code "M1T\n3M5\nT78\n"}: the rows from {@code player}'s side, its own marks 'M', the opponent's 'T', free cells by
     * their number. One picture for both seats, so what the tiny model learns in one seat serves the other; who is
     * 'O' follows from the counts (O moves first).
     */
    String compact(int player) {
        var out = new StringBuilder(12);
        char mine = mark(player);
        for (int i = 0; i < 9; i++) {
            out.append(board[i] == ' ' ? (char) ('0' + i) : board[i] == mine ? 'M' : 'T');
            if (i % 3 == 2) out.append('\n');
        }
        return out.toString();
    }

    /**
     * The board an observation shows (the latest one in it), in either layout: nine of 'O', 'X' and ' '. This is
     * what a programmatic player reads: it sees no more than a model does.
     */
    static Optional<char[]> parseBoard(String observation) {
        int at = observation.lastIndexOf("Current Board:");
        if (at >= 0) return cells(observation, at + "Current Board:".length(), 'O', 'X');
        // Compact: the first three rows of [0-8MT]; the mover is 'O' when both have as many marks.
        var cells = cells(observation, 0, 'M', 'T');
        if (cells.isEmpty()) return cells;
        int mine = 0, theirs = 0;
        for (char c : cells.get()) {
            if (c == 'M') mine++;
            else if (c == 'T') theirs++;
        }
        char me = mine == theirs ? 'O' : 'X', other = me == 'O' ? 'X' : 'O';
        char[] board = cells.get();
        for (int i = 0; i < 9; i++) board[i] = board[i] == 'M' ? me : board[i] == 'T' ? other : ' ';
        return Optional.of(board);
    }

    /** Nine cells from {@code from}: {@code a} and {@code b} are the marks, a digit is a free cell showing its number. */
    private static Optional<char[]> cells(String observation, int from, char a, char b) {
        char[] cells = new char[9];
        int n = 0;
        for (int i = from; i < observation.length() && n < 9; i++) {
            char c = observation.charAt(i);
            if (c == a || c == b) cells[n++] = c;
            else if (c >= '0' && c <= '8') {
                if (c - '0' != n) return Optional.empty();
                cells[n++] = ' ';
            }
        }
        return n == 9 ? Optional.of(cells) : Optional.empty();
    }
}
