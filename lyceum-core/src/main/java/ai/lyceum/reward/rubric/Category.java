package ai.lyceum.reward.rubric;

import java.util.Locale;
import java.util.Optional;

/**
 * A criterion's importance class. The RaR data encodes it only as a description prefix ("Essential Criteria: …");
 * the training convention weights by it (paper v2 §4.4). {@link #UNKNOWN} weighs as {@link #OPTIONAL}.
 */
public enum Category {
    ESSENTIAL("Essential Criteria: ", 1.0),
    IMPORTANT("Important Criteria: ", 0.7),
    OPTIONAL("Optional Criteria: ", 0.3),
    PITFALL("Pitfall Criteria: ", 0.9),
    UNKNOWN("", 0.3);

    private final String prefix;
    private final double paperWeight;

    Category(String prefix, double paperWeight) {
        this.prefix = prefix;
        this.paperWeight = paperWeight;
    }

    /** The description prefix of the released data, empty for {@link #UNKNOWN}. */
    public String prefix() { return prefix; }

    /** The weight under {@link RubricWeighting#CATEGORY_PAPER}. */
    public double paperWeight() { return paperWeight; }

    /** The display name, e.g. {@code Essential}. */
    public String label() { return name().charAt(0) + name().substring(1).toLowerCase(Locale.ROOT); }

    /** The category a description's prefix names; a case-sensitive match on the four prefixes, as the spec asks. */
    public static Optional<Category> fromPrefix(String description) {
        for (var c : values()) {
            if (c != UNKNOWN && description.startsWith(c.prefix)) return Optional.of(c);
        }
        return Optional.empty();
    }

    /** Parses a category name as written in a data file ({@code Essential}, {@code pitfall}…). */
    public static Optional<Category> fromName(String name) {
        try {
            return Optional.of(valueOf(name.strip().toUpperCase(Locale.ROOT)));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
