package io.netloop.examples.connect4;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(5)
class BoardTest {
    /** Plays the columns in turn, red first. */
    private static Board play(int... columns) {
        Board board = new Board();
        for (int c : columns) {
            board.drop(c);
        }
        return board;
    }

    @Test
    void discsStackFromTheBottomAndTurnsAlternate() {
        Board board = new Board();
        assertThat(board.toMove()).isEqualTo(Board.RED);
        assertThat(board.drop(3)).isZero();
        assertThat(board.toMove()).isEqualTo(Board.YELLOW);
        assertThat(board.drop(3)).isEqualTo(1);
        assertThat(board.at(3, 0)).isEqualTo(Board.RED);
        assertThat(board.at(3, 1)).isEqualTo(Board.YELLOW);
        assertThat(board.moves()).isEqualTo(2);
    }

    @Test
    void fourInARowWinsInEveryDirection() {
        assertThat(play(0, 1, 0, 1, 0, 1, 0).result()).as("vertical").isEqualTo(Board.RED);
        assertThat(play(0, 0, 1, 1, 2, 2, 3).result()).as("horizontal").isEqualTo(Board.RED);
        assertThat(play(0, 1, 1, 2, 2, 3, 2, 3, 3, 6, 3).result())
                .as("rising diagonal")
                .isEqualTo(Board.RED);
        assertThat(play(6, 5, 5, 4, 4, 3, 4, 3, 3, 0, 3).result())
                .as("falling diagonal")
                .isEqualTo(Board.RED);
        assertThat(play(6, 0, 1, 0, 1, 0, 1, 0).result()).as("yellow").isEqualTo(Board.YELLOW);
        assertThat(play(0, 0, 1, 1, 2, 2).result()).as("three is not four").isEqualTo(Board.NONE);
    }

    @Test
    void illegalMovesAreRefusedWithTheReason() {
        Board board = play(0, 0, 0, 0, 0, 0);
        assertThat(board.refusal(Board.RED, 0)).isEqualTo("column 0 is full");
        assertThat(board.refusal(Board.YELLOW, 1)).isEqualTo("it is not your turn");
        assertThat(board.refusal(Board.RED, 7)).isEqualTo("there is no column 7");
        assertThat(board.refusal(Board.RED, -1)).isEqualTo("there is no column -1");
        assertThatThrownBy(() -> board.drop(0)).hasMessageContaining("column 0 is full");
        assertThat(board.moves()).isEqualTo(6);
    }

    @Test
    void aFullBoardWithoutFourIsADrawAndNothingMovesAfterTheEnd() {
        // Each pair of columns gets three discs of one colour under three of the other: no four line up.
        Board board = new Board();
        int[][] columns = {{0, 1}, {2, 3}, {4, 5}};
        for (int[] pair : columns) {
            for (int i = 0; i < 3; i++) {
                board.drop(pair[0]);
                board.drop(pair[1]);
            }
            for (int i = 0; i < 3; i++) {
                board.drop(pair[1]);
                board.drop(pair[0]);
            }
        }
        for (int i = 0; i < 6; i++) {
            board.drop(6);
        }
        assertThat(board.moves()).isEqualTo(42);
        assertThat(board.result()).isEqualTo(Board.DRAW);
        assertThat(board.refusal(board.toMove(), 3)).isEqualTo("the game is over");
    }

    @Test
    void wouldWinFindsAWinForEitherSeatWithoutChangingTheBoard() {
        Board board = play(0, 6, 1, 6, 2);
        assertThat(board.wouldWin(Board.RED, 3)).isTrue();
        assertThat(board.wouldWin(Board.YELLOW, 3)).isFalse();
        assertThat(board.moves()).isEqualTo(5);
        assertThat(board.at(3, 0)).isEqualTo(Board.NONE);
        assertThat(Connect4Bot.choose(board, new java.util.Random(1)))
                .as("yellow blocks")
                .isEqualTo(3);
    }
}
