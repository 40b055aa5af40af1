package ai.lyceum.reward.math;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.lyceum.dataset.DatasetException;
import java.io.StringReader;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

class MathVerifyJsonlTest {
    private final MathVerifyJsonl batch = new MathVerifyJsonl(new MathVerifier(MathVerifyOptions.defaults()));

    @Test
    void writesEachLineBackInOrderWithAVerdict() throws Exception {
        var in = """
            {"id": 1, "gold": "\\\\frac{1}{2}", "pred": "So the answer is $\\\\boxed{0.5}$."}

            {"id": 2, "gold": "3", "pred": "\\\\boxed{4}"}
            {"id": 3, "gold": "3", "pred": "\\\\boxed{3"}
            """;
        var out = new StringWriter();
        var summary = batch.verifyJsonl(new StringReader(in), out);
        var lines = out.toString().strip().split("\n");
        assertThat(lines).hasSize(3);
        assertThat(lines[0]).contains("\"id\":1").contains("\"verdict\":true");
        assertThat(lines[1]).contains("\"id\":2").contains("\"verdict\":false");
        assertThat(lines[2]).contains("\"verdict\":false").contains("\"failure\":\"parse\"");
        assertThat(summary).isEqualTo(new MathVerifyJsonl.Summary(3, 1, 1));
    }

    @Test
    void aLineMayCarryItsOwnOptions() throws Exception {
        var in = """
            {"gold": "\\\\frac13", "pred": "0.3333"}
            {"gold": "\\\\frac13", "pred": "0.3333", "precision": 4}
            {"gold": "10, 4, -2", "pred": "4, 10, -2", "ordered_lists": true}
            {"gold": "x^2", "pred": "y^2", "strict": false}
            {"gold": "[-2,7]", "pred": "-2 \\\\le x \\\\le 7", "set_relation": true}
            {"gold": "1000.99", "pred": "not 10, it's 1,000.99", "targets": "expr"}
            {"gold": "1000.99", "pred": "not 10, it's 1,000.99", "targets": ["latex"]}
            """;
        var out = new StringWriter();
        batch.verifyJsonl(new StringReader(in), out);
        var verdicts = out.toString().lines().map(l -> l.contains("\"verdict\":true")).toList();
        assertThat(verdicts).containsExactly(false, true, false, true, true, true, false);
    }

    @Test
    void refusesAMistypedOption() {
        assertThatThrownBy(() -> batch.verifyJsonl(new StringReader("{\"gold\": \"1\", \"pred\": \"1\", \"precision\": \"4\"}\n"), new StringWriter()))
            .isInstanceOf(DatasetException.class).hasMessageContaining("line 1").hasMessageContaining("precision");
        assertThatThrownBy(() -> batch.verifyJsonl(new StringReader("{\"gold\": \"1\", \"pred\": \"1\", \"targets\": \"words\"}\n"), new StringWriter()))
            .isInstanceOf(DatasetException.class).hasMessageContaining("words");
    }

    @Test
    void namesTheMalformedLine() {
        var in = "{\"gold\": \"1\", \"pred\": \"1\"}\n{\"gold\": \"1\"}\n";
        assertThatThrownBy(() -> batch.verifyJsonl(new StringReader(in), new StringWriter()))
            .isInstanceOf(DatasetException.class).hasMessageContaining("line 2").hasMessageContaining("pred");
        assertThatThrownBy(() -> batch.verifyJsonl(new StringReader("{oops\n"), new StringWriter()))
            .isInstanceOf(DatasetException.class).hasMessageContaining("line 1");
    }
}
