package ai.lyceum.env.selfplay;

import static ai.lyceum.env.selfplay.ActionExtraction.INVALID;
import static ai.lyceum.env.selfplay.ActionExtraction.extract;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class ActionExtractionTest {
    private static final List<String> CELLS = List.of("[0]", "[4]", "[8]");
    private static final List<String> BETS = List.of("[check]", "[bet]");

    @Test
    void takesTheLastBoxedAnswer() {
        assertThat(extract("I could play \\boxed{0} but \\boxed{4} is better", CELLS)).isEqualTo("[4]");
        assertThat(extract("Centre.\n\\boxed{ 8 }", CELLS)).isEqualTo("[8]");
        assertThat(extract("\\boxed{check}", BETS)).isEqualTo("[check]");
    }

    @Test
    void wrapsAShortBareAnswerAndKeepsABracketedOne() {
        assertThat(extract("4", CELLS)).isEqualTo("[4]");
        assertThat(extract("  [4] ", CELLS)).isEqualTo("[4]");
        assertThat(extract("\\boxed{[4]}", CELLS)).as("brackets inside the box are kept, not doubled").isEqualTo("[4]");
        assertThat(extract("bet", BETS)).isEqualTo("[bet]");
    }

    @Test
    void anythingNotExactlyAnActionIsTheFullWidthSentinel() {
        assertThat(INVALID).isEqualTo("[｜INVALID_ACTION｜]").contains("\uFF5C");
        assertThat(extract("\\boxed{Check}", BETS)).as("case-sensitive").isEqualTo(INVALID);
        assertThat(extract("\\boxed{5}", CELLS)).as("not on the list").isEqualTo(INVALID);
        assertThat(extract("I think the best move is the centre square here", CELLS)).as("six words, no brackets").isEqualTo(INVALID);
        assertThat(extract("my move is [4] now", CELLS)).as("brackets, but not only them").isEqualTo(INVALID);
        assertThat(extract("\\boxed{}", CELLS)).isEqualTo(INVALID);
    }

    @Test
    void anEmptyAnswerIsLeftForTheGameToReject() {
        assertThat(extract("", CELLS)).isEmpty();
    }

    @Test
    void collapsesWhitespaceInsideTheAnswer() {
        assertThat(extract("\\boxed{ [ 4 ]}", List.of("[ 4 ]"))).isEqualTo("[ 4 ]");
        assertThat(extract("a  \n b", List.of("[a b]"))).isEqualTo("[a b]");
    }
}
