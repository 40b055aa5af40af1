package ai.lyceum.reward.rubric;

import java.util.Locale;
import java.util.Optional;

/** A judge's verdict on one criterion, with the wire names of the judge reply contract. */
public enum Verdict {
    SATISFIED("satisfied"),
    PARTIALLY_SATISFIED("partially_satisfied"),
    NOT_SATISFIED("not_satisfied");

    private final String wire;

    Verdict(String wire) { this.wire = wire; }

    public String wire() { return wire; }

    /** The criterion score c: 1, ½ (ternary) or 0 (binary), 0. */
    public double value(Grading grading) {
        return switch (this) {
            case SATISFIED -> 1.0;
            case PARTIALLY_SATISFIED -> grading == Grading.TERNARY ? 0.5 : 0.0;
            case NOT_SATISFIED -> 0.0;
        };
    }

    /**
     * Parses a verdict leniently: case, spaces and hyphens do not matter ({@code "Not Satisfied"},
     * {@code "partially-satisfied"}), and {@code "partial"}, {@code "met"} and {@code "not_met"} are accepted.
     */
    public static Optional<Verdict> parse(String text) {
        for (var v : values()) if (v.wire.equals(text)) return Optional.of(v); // the contract's own spelling: no work
        var key = text.strip().toLowerCase(Locale.ROOT).replaceAll("[\\s\\-]+", "_");
        return switch (key) {
            case "satisfied", "met", "yes", "true" -> Optional.of(SATISFIED);
            case "partially_satisfied", "partial", "partially_met", "partially" -> Optional.of(PARTIALLY_SATISFIED);
            case "not_satisfied", "unsatisfied", "not_met", "no", "false" -> Optional.of(NOT_SATISFIED);
            default -> Optional.empty();
        };
    }
}
