package ai.lyceum.sandbox;

/**
 * Runs untrusted programs under limits. Implementations are thread-safe and bound how many programs run at once
 * (callers on many virtual threads simply wait for a slot), so one instance should be shared by a whole run.
 * {@link #run} never throws for anything the program does: every ending is an {@link ExecResult.Outcome}.
 */
public interface Sandbox extends AutoCloseable {
    /** The provider's name, e.g. {@code bwrap}. */
    String provider();

    /** The limits {@link #run(ExecSpec)} applies. */
    SandboxLimits limits();

    /** Runs {@code spec} under {@code limits}; blocks until the program ends or is killed. */
    ExecResult run(ExecSpec spec, SandboxLimits limits);

    /** Runs {@code spec} under this sandbox's {@link #limits()}. */
    default ExecResult run(ExecSpec spec) { return run(spec, limits()); }

    @Override
    default void close() {}
}
