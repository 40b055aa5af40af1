package ai.lyceum.reward.math;

import static org.assertj.core.api.Assertions.assertThat;

import ai.lyceum.failure.Failure;
import ai.lyceum.reward.math.MathVerifyOptions.PercentMode;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class MathVerifierTest {
    private final MathVerifier verifier = new MathVerifier(MathVerifyOptions.defaults());

    private boolean same(String gold, String pred) { return verifier.verify(gold, pred).isTrue(); }

    @ParameterizedTest(name = "{0} ≡ {1}")
    @CsvSource(delimiter = '|', value = {
        "7425000 | \\boxed{7,425,000}", "14916 | \\boxed{14{,}916}", "10000 | \\boxed{10,\\!000}",
        "0.5 | \\boxed{\\frac{1}{2}}", "\\frac{1}{2} | \\boxed{1/2}", "\\frac{3}{4} | \\boxed{\\dfrac34}",
        "\\frac{1}{2} | \\boxed{\\tfrac{1}{2}}", "\\frac{1}{2} | \\boxed{\\frac12}", "\\frac{7}{2} | \\boxed{3\\frac{1}{2}}",
        "1500 | \\boxed{1.5 \\times 10^{3}}", "0.001 | \\boxed{1e-3}", "2\\sqrt{2} | \\boxed{\\sqrt{8}}",
        "\\frac{\\sqrt{3}}{3} | \\boxed{\\frac{1}{\\sqrt{3}}}", "2\\pi | \\boxed{\\pi \\cdot 2}", "e^2 | \\boxed{e \\cdot e}",
        "90^\\circ | \\boxed{90}", "90 | \\boxed{90^{\\circ}}", "15 | \\boxed{15 \\text{ cm}^2}", "\\text{Evelyn} | \\boxed{\\text{Evelyn}}",
        "\\frac{1}{3} | \\boxed{\\left( \\frac{1}{3} \\right)}", "\\frac{1}{3} | \\boxed{\\displaystyle \\frac{1}{3}}",
        "x^2+2x+1 | \\boxed{(x+1)^2}", "\\frac{x+2}{7} | \\boxed{\\frac{x}{7}+\\frac27}", "\\tan^2 y + 1 | \\boxed{\\sec^2 y}",
        "3 | \\boxed{x = 3}", "x = 3 | \\boxed{3}", "y = 2x + 1 | \\boxed{2x - y + 1 = 0}",
        "\\{1,2,3\\} | \\boxed{\\{3,1,2\\}}", "(1,2) | \\boxed{(1, 2)}", "[0,1) | \\boxed{[0, 1)}",
        "(-\\infty, 3] | \\boxed{(-\\infty,3]}", "\\begin{pmatrix}1&2\\\\3&4\\end{pmatrix} | \\boxed{\\begin{bmatrix}1 & 2\\\\ 3 & 4\\end{bmatrix}}",
        "x > 5 | \\boxed{5 < x}", "x \\le 2 | \\boxed{-x \\geq -2}", "3+4i | \\boxed{4i+3}", "\\infty | \\boxed{\\infty}",
        "1 \\pm \\sqrt{5} | \\boxed{1+\\sqrt5, 1-\\sqrt5}", "\\frac{1}{2004!} | \\boxed{\\frac{1}{2004!}}",
        "\\binom{5}{2} | \\boxed{10}", "#### 72 | The total is 72.\\n#### 72", "The answer is \\boxed{B} | so the answer is (B)",
        "C | Answer: C", "50\\% | \\boxed{0.5}", "50\\% | \\boxed{50}", "204_5 | \\boxed{54}",
    })
    void acceptsEquivalentAnswers(String gold, String pred) {
        assertThat(same(gold, pred.replace("\\n", "\n"))).isTrue();
    }

    @ParameterizedTest(name = "{0} ≢ {1}")
    @CsvSource(delimiter = '|', value = {
        "2 | \\boxed{3}", "\\frac{1}{2} | \\boxed{0.51}", "\\frac{1}{3} | \\boxed{0.33}", "1000 | \\boxed{100}",
        "\\sqrt{2} | \\boxed{1.41}", "\\pi | \\boxed{3.14}", "x^2+2x+1 | \\boxed{(x-1)^2}", "x+2n+1 | \\boxed{x+1}",
        "\\frac{1}{2004!} | \\boxed{\\frac{1}{2006!}}", "\\frac{1}{2^{99}} | \\boxed{\\frac{1}{2^{98}}}",
        "2 | \\boxed{1 \\text{ or } 2}", "2 | \\boxed{1, 2}", "2 | \\boxed{\\{1,2\\}}", "2 | \\boxed{2 \\pm 1}",
        "\\{1,2,3\\} | \\boxed{\\{1,2\\}}", "(1,2) | \\boxed{(2,1)}", "[0,1) | \\boxed{(0,1)}", "[0,1) | \\boxed{[0,1]}",
        "\\begin{pmatrix}1&2\\\\3&4\\end{pmatrix} | \\boxed{\\begin{pmatrix}1&2\\\\3&5\\end{pmatrix}}", "x > 5 | \\boxed{x < 5}",
        "x < 1 | \\boxed{x > -1}", "3+4i | \\boxed{3-4i}", "\\infty | \\boxed{-\\infty}", "a + 3z = 0 | \\boxed{0}",
        "\\pm 2021 | \\boxed{2021}", "B | the answer is (C)", "9999! | \\boxed{10000!}", "10^{10^{10}} | \\boxed{10^{10^{10}}+1}",
        "0 | \\boxed{10^{-400}}", "0 | \\boxed{1e-400}", "0 | \\boxed{\\frac{1}{10^{1000000}}}", "0 | \\boxed{10^{-9}}",
        "\\frac{1}{3} \\cdot 10^{-8} | \\boxed{4e-9}", "10^{-1000000} | \\boxed{10^{-1000001}}",
    })
    void rejectsDifferentAnswers(String gold, String pred) {
        assertThat(same(gold, pred)).isFalse();
    }

    @Test
    void reportsAnUnclosedBoxAsUnparseableRatherThanWrong() {
        var verdict = verifier.verify("2", "so the answer is \\boxed{2");
        assertThat(verdict.outcome()).isEqualTo(Verdict.Outcome.FAILED);
        assertThat(verdict.failure()).containsInstanceOf(Failure.Unparseable.class);
    }

    @Test
    void readsAnUnbracedBox() {
        assertThat(same("5", "the answer is \\boxed 5")).isTrue();
    }

    @Test
    void takesTheLastBox() {
        assertThat(same("7", "first \\boxed{3}, then on reflection \\boxed{7}")).isTrue();
        assertThat(same("3", "first \\boxed{3}, then on reflection \\boxed{7}")).isFalse();
    }

    @Test
    void readsTheFinalAnswerSentence() {
        assertThat(same("34", "We tried many values. The final answer is 34.")).isTrue();
    }

    @Test
    void usesTheLastNumberOnlyWhenEnabled() {
        var lenient = new MathVerifier(MathVerifyOptions.defaults().withLastNumberFallback(true));
        assertThat(lenient.verify("12", "so there are 12 sequences").isTrue()).isTrue();
        assertThat(same("12", "so there are 12 sequences")).isFalse();
        assertThat(same("2", "1 or 2")).isFalse();
    }

    @Test
    void percentReadingIsConfigurable() {
        var asFraction = new MathVerifier(MathVerifyOptions.defaults().withPercent(PercentMode.AS_FRACTION));
        var asNumber = new MathVerifier(MathVerifyOptions.defaults().withPercent(PercentMode.AS_NUMBER));
        assertThat(asFraction.verify("50\\%", "\\boxed{0.5}").isTrue()).isTrue();
        assertThat(asFraction.verify("50\\%", "\\boxed{50}").isTrue()).isFalse();
        assertThat(asNumber.verify("50\\%", "\\boxed{50}").isTrue()).isTrue();
        assertThat(asNumber.verify("50\\%", "\\boxed{0.5}").isTrue()).isFalse();
    }

    @Test
    void matchesARelationAgainstAnIntervalOnlyWhenAllowed() {
        var allowing = new MathVerifier(MathVerifyOptions.defaults().withAllowSetRelation(true));
        assertThat(same("-2 \\le x \\le 7", "\\boxed{[-2,7]}")).isTrue();
        assertThat(same("[-2,7]", "\\boxed{-2 \\le x \\le 7}")).isFalse();
        assertThat(allowing.verify("[-2,7]", "\\boxed{-2 \\le x \\le 7}").isTrue()).isTrue();
    }

    @Test
    void carriesTheExtractedAnswers() {
        var verdict = verifier.verify("The answer is $\\boxed{\\frac12}$.", "I think it is \\boxed{0.5}.");
        assertThat(verdict.goldAnswer()).contains("\\frac12");
        assertThat(verdict.predictedAnswer()).contains("0.5");
    }
}
