package ai.lyceum.reward.math;

import java.time.Duration;
import java.util.Objects;

/**
 * How the math verifier reads and compares answers. The last four mirror Math-Verify's options of the same meaning
 * ({@code float_rounding}, {@code allow_set_relation_comp}, {@code strict}) plus MATH's ordered-answer convention.
 *
 * @param deadline           hard limit per verdict; past it the verdict is a {@code Timeout} failure
 * @param percent            how {@code 50\%} compares with a bare number
 * @param floatRounding      decimals kept when either side is written as a decimal (Math-Verify's float_rounding);
 *                           small values keep as many digits as the decimal literal gives, so 1e-400 is not 0
 * @param lastNumberFallback when no box, marker or LaTeX span is found, take the last number in the text
 * @param allowSetRelation   let a relation in the prediction ({@code -2 \le x \le 7}) match an interval gold
 * @param strict             variable names matter; when false, {@code f(x)} matches {@code f(y)} (variables are
 *                           paired in sorted order)
 * @param orderedLists       a bare list {@code 10, 4, -2} is an ordered answer (MATH's convention) instead of a set
 */
public record MathVerifyOptions(Duration deadline, PercentMode percent, int floatRounding, boolean lastNumberFallback,
                                boolean allowSetRelation, boolean strict, boolean orderedLists) {
    /** {@code EITHER}: 50% matches 50 and 0.5. The other modes pick one reading. */
    public enum PercentMode { EITHER, AS_NUMBER, AS_FRACTION }

    public MathVerifyOptions {
        Objects.requireNonNull(deadline, "deadline");
        Objects.requireNonNull(percent, "percent");
        if (deadline.isNegative() || deadline.isZero()) throw new IllegalArgumentException("deadline must be positive, was " + deadline);
        if (floatRounding < 0 || floatRounding > 30) throw new IllegalArgumentException("floatRounding must be in 0..30, was " + floatRounding);
    }

    /**
     * One second per verdict, percent either way, 6 decimals, no last-number fallback (opt-in), no set/relation
     * match, strict variables, lists compared as sets.
     */
    public static MathVerifyOptions defaults() {
        return new MathVerifyOptions(Duration.ofSeconds(1), PercentMode.EITHER, 6, false, false, true, false);
    }

    public MathVerifyOptions withDeadline(Duration d) {
        return new MathVerifyOptions(d, percent, floatRounding, lastNumberFallback, allowSetRelation, strict, orderedLists);
    }

    public MathVerifyOptions withPercent(PercentMode p) {
        return new MathVerifyOptions(deadline, p, floatRounding, lastNumberFallback, allowSetRelation, strict, orderedLists);
    }

    public MathVerifyOptions withFloatRounding(int r) {
        return new MathVerifyOptions(deadline, percent, r, lastNumberFallback, allowSetRelation, strict, orderedLists);
    }

    public MathVerifyOptions withLastNumberFallback(boolean b) {
        return new MathVerifyOptions(deadline, percent, floatRounding, b, allowSetRelation, strict, orderedLists);
    }

    public MathVerifyOptions withAllowSetRelation(boolean b) {
        return new MathVerifyOptions(deadline, percent, floatRounding, lastNumberFallback, b, strict, orderedLists);
    }

    public MathVerifyOptions withStrict(boolean b) {
        return new MathVerifyOptions(deadline, percent, floatRounding, lastNumberFallback, allowSetRelation, b, orderedLists);
    }

    public MathVerifyOptions withOrderedLists(boolean b) {
        return new MathVerifyOptions(deadline, percent, floatRounding, lastNumberFallback, allowSetRelation, strict, b);
    }
}
