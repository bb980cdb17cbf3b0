package io.netloop.examples.connect4;

/**
 * The rules of Connect Four, with no networking: 7 columns of 6 rows, discs dropped by two seats in
 * turn, four in a row in any direction wins, a full board is a draw. The server plays every move on
 * one of these and refuses what it refuses; clients replay the server's moves on their own.
 */
public final class Board {
    /** Columns, numbered 0 to 6 from the left. */
    public static final int COLUMNS = 7;

    /** Rows, numbered 0 (bottom) to 5. */
    public static final int ROWS = 6;

    /** An empty cell, and the result of a game still running. */
    public static final int NONE = 0;

    /** The first seat, and the result when it won. */
    public static final int RED = 1;

    /** The second seat, and the result when it won. */
    public static final int YELLOW = 2;

    /** The result of a full board with no four in a row. */
    public static final int DRAW = 3;

    private final int[][] cells = new int[COLUMNS][ROWS];
    private int moves;
    private int result = NONE;

    /**
     * Why a move cannot be made now, or null if it can.
     *
     * @param seat {@link #RED} or {@link #YELLOW}
     * @param column the column
     * @return the reason, for the player, or null
     */
    public String refusal(int seat, int column) {
        if (result != NONE) {
            return "the game is over";
        }
        if (seat != toMove()) {
            return "it is not your turn";
        }
        if (column < 0 || column >= COLUMNS) {
            return "there is no column " + column;
        }
        if (cells[column][ROWS - 1] != NONE) {
            return "column " + column + " is full";
        }
        return null;
    }

    /**
     * Drops the disc of the seat to move into a column.
     *
     * @param column the column
     * @return the row the disc landed in
     * @throws IllegalStateException if {@link #refusal} names a reason
     */
    public int drop(int column) {
        String why = refusal(toMove(), column);
        if (why != null) {
            throw new IllegalStateException("Cannot drop into column " + column + ": " + why);
        }
        int row = 0;
        while (cells[column][row] != NONE) {
            row++;
        }
        int seat = toMove();
        cells[column][row] = seat;
        moves++;
        if (fourFrom(column, row)) {
            result = seat;
        } else if (moves == COLUMNS * ROWS) {
            result = DRAW;
        }
        return row;
    }

    /**
     * The seat whose turn it is: red moves first.
     *
     * @return {@link #RED} or {@link #YELLOW}
     */
    public int toMove() {
        return moves % 2 == 0 ? RED : YELLOW;
    }

    /**
     * What is in a cell.
     *
     * @param column 0 to 6
     * @param row 0 (bottom) to 5
     * @return {@link #NONE}, {@link #RED} or {@link #YELLOW}
     */
    public int at(int column, int row) {
        return cells[column][row];
    }

    /**
     * How many discs have been dropped.
     *
     * @return 0 to 42
     */
    public int moves() {
        return moves;
    }

    /**
     * How the game ended.
     *
     * @return {@link #NONE} while it runs, else {@link #RED}, {@link #YELLOW} or {@link #DRAW}
     */
    public int result() {
        return result;
    }

    /**
     * Whether a disc of {@code seat} dropped into {@code column} would make four in a row, whoever
     * is to move: how a player looks for its own win and for the opponent's.
     *
     * @param seat {@link #RED} or {@link #YELLOW}
     * @param column the column
     * @return false also when the column is full or does not exist
     */
    public boolean wouldWin(int seat, int column) {
        if (column < 0 || column >= COLUMNS || cells[column][ROWS - 1] != NONE) {
            return false;
        }
        int row = 0;
        while (cells[column][row] != NONE) {
            row++;
        }
        cells[column][row] = seat;
        boolean four = fourFrom(column, row);
        cells[column][row] = NONE;
        return four;
    }

    private boolean fourFrom(int column, int row) {
        int[][] directions = {{1, 0}, {0, 1}, {1, 1}, {1, -1}};
        for (int[] d : directions) {
            int inLine = 1 + count(column, row, d[0], d[1]) + count(column, row, -d[0], -d[1]);
            if (inLine >= 4) {
                return true;
            }
        }
        return false;
    }

    private int count(int column, int row, int dc, int dr) {
        int seat = cells[column][row];
        int n = 0;
        for (int c = column + dc, r = row + dr; c >= 0 && c < COLUMNS && r >= 0 && r < ROWS; c += dc, r += dr) {
            if (cells[c][r] != seat) {
                break;
            }
            n++;
        }
        return n;
    }
}
