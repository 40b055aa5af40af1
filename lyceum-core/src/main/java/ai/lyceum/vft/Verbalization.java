package ai.lyceum.vft;

import ai.lyceum.failure.Failure;
import java.util.Objects;
import java.util.Optional;

/**
 * The verbalization judge's verdict on one transcript. {@link Verdict#UNPARSABLE} means no verdict could be had:
 * the reply lacked an {@code Answer: YES|NO} line ({@code parse}) or no reply came ({@code http_500},
 * {@code timeout}…); {@code failure} says which, and metrics exclude and count it.
 */
public record Verbalization(Verdict verdict, String rationale, Optional<Failure> failure) {
    public enum Verdict { YES, NO, UNPARSABLE }

    public Verbalization {
        Objects.requireNonNull(verdict, "verdict");
        Objects.requireNonNull(rationale, "rationale");
        if ((verdict == Verdict.UNPARSABLE) != failure.isPresent()) {
            throw new IllegalArgumentException("an UNPARSABLE verdict carries its failure, and only it");
        }
    }

    public static Verbalization yes(String rationale) { return new Verbalization(Verdict.YES, rationale, Optional.empty()); }

    public static Verbalization no(String rationale) { return new Verbalization(Verdict.NO, rationale, Optional.empty()); }

    public static Verbalization unparsable(Failure why) { return new Verbalization(Verdict.UNPARSABLE, why.detail(), Optional.of(why)); }

    public boolean verbalized() { return verdict == Verdict.YES; }

    public boolean parsed() { return verdict != Verdict.UNPARSABLE; }

    /** {@code YES}, {@code NO}, or the failure's type for an unparsable one. */
    public String label() { return failure.map(f -> "unparsable:" + f.type()).orElse(verdict.name()); }
}
