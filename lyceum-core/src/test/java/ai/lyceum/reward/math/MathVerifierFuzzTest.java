package ai.lyceum.reward.math;

import static org.assertj.core.api.Assertions.assertThat;

import ai.lyceum.failure.Failure;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Random and adversarial answers: every verdict must come back as a value (never an exception, never a verifier
 * defect) and within the deadline plus a scheduling margin.
 */
class MathVerifierFuzzTest {
    private static final Duration DEADLINE = Duration.ofMillis(200);
    private static final long MARGIN_NANOS = Duration.ofMillis(1_500).toNanos();

    private final MathVerifier verifier = new MathVerifier(MathVerifyOptions.defaults().withDeadline(DEADLINE));

    static List<String> adversarial() {
        var out = new ArrayList<String>();
        out.add("\\boxed{" + "(".repeat(5_000) + "1" + ")".repeat(5_000) + "}");
        out.add("\\boxed{" + "{".repeat(3_000) + "1" + "}".repeat(3_000) + "}");
        out.add("\\boxed{" + "\\frac{".repeat(1_000) + "1}{2}".repeat(1_000) + "}");
        out.add("\\boxed{10^{10^{10}}}");
        out.add("\\boxed{9999!}");
        out.add("\\boxed{(9999!)!}");
        out.add("\\boxed{2^{2^{2^{2^{2^{2}}}}}}");
        out.add("\\boxed{" + "x+".repeat(20_000) + "1}");
        out.add("\\boxed{" + "1,".repeat(10_000) + "1}");
        out.add("\\boxed{\\{" + "1 \\pm ".repeat(500) + "1\\}}");
        out.add("$".repeat(100_000));
        out.add("\\boxed{".repeat(10_000));
        out.add("1".repeat(1_000_000));
        out.add("The final answer is " + "9".repeat(50_000));
        out.add("\\boxed{\\begin{pmatrix}" + "1&".repeat(5_000) + "1\\end{pmatrix}}");
        out.add("\\boxed{\\sqrt[" + "9".repeat(400) + "]{2}}");
        out.add("\\boxed{\\binom{10^{9}}{5*10^{8}}}");
        out.add("\\boxed{1e999999999}");
        out.add("\\boxed{0.\\overline{3}}");
        out.add("\\boxed{\\left(\\right.}");
        out.add("\\boxed{|||||||}");
        out.add("\\boxed{x^^^^2}");
        out.add("\\boxed{\\frac{1}{0}}");
        out.add("\\boxed{0^{-1}}");
        out.add("\\boxed{\\log_0 0}");
        out.add("\\boxed{\\sum_{k=1}^{10000}\\sum_{j=1}^{10000}\\sum_{i=1}^{10000} ijk}");
        out.add("\\boxed{\\prod_{k=1}^{9999} k}");
        out.add("\\boxed{\\sum_{k=1}^{10^{12}} k}");
        out.add("\\boxed{" + "\\begin{pmatrix}1&1\\\\1&1\\end{pmatrix}".repeat(60) + "}");
        out.add("\\boxed{" + "\\begin{pmatrix}1&1\\\\1&1\\end{pmatrix}+".repeat(60) + "1}");
        out.add("\\boxed{" + "\\boxed{1} and ".repeat(2_000) + "}");
        out.add("$x=1$ and ".repeat(5_000));
        out.add("\\boxed{1e-999 , 0{,}000{,}1, 1{,}000{,}000{,}000}");
        out.add("\\boxed{1\\leq|z|\\leq|z|}");
        out.add("\\boxed{\\{x \\mid \\{y \\mid y<x\\}\\}}");
        return out;
    }

    @Test
    void adversarialAnswersReturnWithinTheDeadlineAndNeverCrash() {
        for (var pred : adversarial()) {
            for (var gold : List.of("1", "x+1", "\\{1,2\\}", "\\begin{pmatrix}1&1\\\\1&1\\end{pmatrix}", "AB=1", "0",
                pred.length() < 5_000 ? pred : "2")) {
                assertReturnsInTime(gold, pred);
            }
        }
    }

    @Test
    void randomStringsReturnWithinTheDeadlineAndNeverCrash() {
        var random = new SplittableRandom(42);
        String[] atoms = {"\\frac", "{", "}", "(", ")", "[", "]", "^", "_", "\\sqrt", "x", "1", "23", ".", ",", "=", "<",
            "\\pm", "\\infty", "\\boxed{", "$", "\\left(", "\\right)", "!", "%", "\\text{", "\\begin{pmatrix}", "&",
            "\\\\", "\\end{pmatrix}", "\\cup", "\\in", "e", "i", "\\pi", "-", "+", "*", "/", " ", "\\sin", "\\log_", "9999!"};
        for (int k = 0; k < 2_000; k++) {
            var sb = new StringBuilder();
            int n = 1 + random.nextInt(60);
            for (int j = 0; j < n; j++) sb.append(atoms[random.nextInt(atoms.length)]);
            assertReturnsInTime("\\frac{1}{2}", sb.toString());
            assertReturnsInTime(sb.toString(), "\\boxed{" + sb + "}");
        }
    }

    private void assertReturnsInTime(String gold, String pred) {
        long start = System.nanoTime();
        var verdict = verifier.verify(gold, pred);
        long elapsed = System.nanoTime() - start;
        assertThat(verdict).isNotNull();
        assertThat(verdict.failure().filter(f -> f instanceof Failure.RewardError)).as("defect on %s", excerpt(pred)).isEmpty();
        assertThat(elapsed).as("time on %s", excerpt(pred)).isLessThan(DEADLINE.toNanos() + MARGIN_NANOS);
    }

    private static String excerpt(String s) { return s.length() < 120 ? s : s.substring(0, 120) + "…"; }
}
