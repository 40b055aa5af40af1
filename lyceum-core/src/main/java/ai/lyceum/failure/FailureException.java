package ai.lyceum.failure;

/** Carries a typed {@link Failure} across a call that cannot return it as a value (a blocking policy call). */
public final class FailureException extends Exception {
    private final transient Failure failure;

    public FailureException(Failure failure) {
        super(failure.type() + ": " + failure.detail(), null, false, false);
        this.failure = failure;
    }

    public Failure failure() { return failure; }
}
