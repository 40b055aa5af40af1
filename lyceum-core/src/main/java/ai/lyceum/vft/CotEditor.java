package ai.lyceum.vft;

import ai.lyceum.failure.FailureException;

/**
 * Writes the target of an unfaithful switch: a minimal edit of the uncued reasoning y_u that ends with
 * {@code Answer: b} and attributes the choice to the cue. The builder validates every edit.
 */
public interface CotEditor {
    /** The edited reasoning; {@code attempt} counts from 1 (a retry may phrase it differently). */
    String edit(BaseSample sample, int attempt) throws FailureException, InterruptedException;

    /** The {@code editorModel} field of the records it wrote. */
    String describe();
}
