package ai.lyceum.reward.math;

import ai.lyceum.failure.Failure;
import ai.lyceum.reward.math.AnswerExtractor.Extraction;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Verifies a predicted math answer against a gold one: extraction, normalisation, parsing and equivalence, all
 * under one cooperative deadline. Thread-safe and allocation-only: instances hold nothing but immutable options,
 * so one verifier serves any number of threads. Never throws for any input; a hostile answer becomes a
 * {@code Timeout} or {@code Unparseable} verdict.
 *
 * <pre>{@code
 * var verifier = new MathVerifier(MathVerifyOptions.defaults());
 * verifier.verify("\\frac{1}{2}", "So the answer is $\\boxed{0.5}$.").isTrue();   // true
 * }</pre>
 */
public final class MathVerifier {
    static final Pattern LETTER = Pattern.compile("^\\s*(?:\\\\text\\{)?\\s*\\(?([A-E])\\)?\\s*\\}?\\s*$");

    private static final Pattern SPACES = Pattern.compile("\\s+");

    private final MathVerifyOptions options;
    private final AnswerExtractor extractor;

    public MathVerifier(MathVerifyOptions options) {
        this.options = Objects.requireNonNull(options, "options");
        this.extractor = new AnswerExtractor(options.lastNumberFallback());
    }

    public MathVerifyOptions options() { return options; }

    /**
     * Compares a gold reference (a bare answer, or a solution with {@code \boxed{}} or {@code #### n}) with a
     * model response (the answer is extracted).
     */
    public Verdict verify(String gold, String response) {
        Objects.requireNonNull(gold, "gold");
        Objects.requireNonNull(response, "response");
        var budget = new Budget(options.deadline().toNanos());
        Optional<String> g = Optional.empty();
        Optional<String> p = Optional.empty();
        try {
            var ge = extractor.extractReference(gold, budget);
            if (!(ge instanceof Extraction.Found gf)) return Verdict.failed(unparseable("gold", ge), g, p);
            g = Optional.of(gf.answer());
            var letter = LETTER.matcher(gf.answer());
            if (letter.find()) {
                var choice = extractor.choice(response, budget);
                if (choice.isPresent()) return Verdict.of(choice.get().equals(letter.group(1)), gf.answer(), choice.get());
            }
            var pe = extractor.extract(response, budget);
            if (!(pe instanceof Extraction.Found pf)) return Verdict.failed(unparseable("prediction", pe), g, p);
            p = Optional.of(pf.answer());
            return Verdict.of(compare(gf.answer(), pf.answer(), budget), gf.answer(), pf.answer());
        } catch (StackOverflowError | RuntimeException e) {
            return Verdict.failed(failure(e), g, p);
        }
    }

    /** Compares two already-extracted answers (no extraction step). */
    public Verdict verifyAnswers(String goldAnswer, String predictedAnswer) {
        var budget = new Budget(options.deadline().toNanos());
        var g = Optional.of(goldAnswer);
        var p = Optional.of(predictedAnswer);
        try {
            return Verdict.of(compare(goldAnswer, predictedAnswer, budget), goldAnswer, predictedAnswer);
        } catch (StackOverflowError | RuntimeException e) {
            return Verdict.failed(failure(e), g, p);
        }
    }

    /** Why a check ended early: out of time, too complex, or a verifier defect (never disguised as a wrong answer). */
    private Failure failure(Throwable e) {
        return switch (e) {
            case Budget.Exhausted exhausted -> new Failure.Timeout(options.deadline());
            case Budget.TooComplex tooComplex -> new Failure.Unparseable(tooComplex.getMessage());
            default -> new Failure.RewardError("math verifier: " + e);
        };
    }

    private static Failure unparseable(String side, Extraction e) {
        var why = switch (e) {
            case Extraction.Missing m -> m.why();
            case Extraction.Malformed m -> m.why();
            case Extraction.Found f -> "found";
        };
        return new Failure.Unparseable(side + ": " + why);
    }

    private boolean compare(String goldAnswer, String predAnswer, Budget budget) {
        if (goldAnswer.equals(predAnswer)) return true; // the common case of a right answer, without the pipeline
        var g = LatexLexer.normalize(goldAnswer, budget);
        var p = LatexLexer.normalize(predAnswer, budget);
        if (squash(g).equals(squash(p))) return true;
        Node gn;
        Node pn;
        try {
            gn = LatexParser.parse(g, budget);
            pn = LatexParser.parse(p, budget);
        } catch (LatexParser.ParseError e) {
            return false; // text that is not math only matches itself, which was checked above
        }
        return new Equivalence(budget, options).matches(gn, pn);
    }

    private static String squash(String s) {
        return SPACES.matcher(s).replaceAll("").replace("\\text{", "{");
    }
}
