package ai.lyceum.policy;

import ai.lyceum.failure.FailureException;

/**
 * Anything that produces text: the embedded model, an OpenAI-compatible server, the gold replayer, a scripted
 * teacher. Implementations are thread-safe; callers run many {@code generate} calls at once on virtual threads.
 */
public interface Policy extends AutoCloseable {
    /** A short description for logs and run stores, e.g. {@code openai:qwen2.5-7b}; never contains secrets. */
    String describe();

    /**
     * Generates one completion. Blocks; transient faults are retried inside.
     *
     * @throws FailureException with the typed failure when no completion could be had
     */
    Completion generate(GenerationRequest request) throws FailureException, InterruptedException;

    /**
     * Events worth counting that did not become failures, by name — e.g. {@code retry.http_500} for each retried
     * attempt. Reports show them so that a run that only succeeded through retries says so.
     */
    default java.util.Map<String, Long> counters() { return java.util.Map.of(); }

    @Override
    default void close() {}
}
