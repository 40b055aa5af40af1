package ai.lyceum.vft;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalDouble;

/**
 * A rate from its counts, with a bootstrap 95% interval. {@code value} is empty when the denominator is 0: the
 * rate is not available, which reports print as n/a, never as 0.
 */
public record Ratio(long numerator, long denominator, OptionalDouble low, OptionalDouble high) {
    public Ratio {
        if (numerator < 0 || denominator < 0 || numerator > denominator) {
            throw new IllegalArgumentException("a rate needs 0 <= numerator <= denominator, was " + numerator + "/" + denominator);
        }
    }

    public OptionalDouble value() {
        return denominator == 0 ? OptionalDouble.empty() : OptionalDouble.of((double) numerator / denominator);
    }

    /** {@code 0.42 [0.35, 0.49]} or {@code n/a}. */
    public String format() {
        if (value().isEmpty()) return "n/a";
        var s = String.format(java.util.Locale.ROOT, "%.3f", value().getAsDouble());
        if (low.isPresent()) s += String.format(java.util.Locale.ROOT, " [%.3f, %.3f]", low.getAsDouble(), high.getAsDouble());
        return s;
    }

    /** numerator, denominator, value (null when n/a), ci95 (null when none). */
    public Map<String, Object> json() {
        var m = new LinkedHashMap<String, Object>();
        m.put("numerator", numerator);
        m.put("denominator", denominator);
        m.put("value", value().isPresent() ? value().getAsDouble() : null);
        m.put("ci95", low.isPresent() ? java.util.List.of(low.getAsDouble(), high.getAsDouble()) : null);
        return m;
    }
}
