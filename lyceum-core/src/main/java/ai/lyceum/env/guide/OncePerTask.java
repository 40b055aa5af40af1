package ai.lyceum.env.guide;

import ai.lyceum.failure.FailureException;
import ai.lyceum.policy.Completion;
import ai.lyceum.policy.GenerationRequest;
import ai.lyceum.policy.Policy;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A teacher that speaks once per task and conversation: the G guided rollouts of one failed prompt run
 * concurrently and share the teacher's one answer, as Guide's single hint per prompt does. Callers asking the
 * same thing while the first answer is being written wait for it. {@link #generations()} counts the real calls.
 */
public final class OncePerTask implements Policy {
    private record Key(String taskId, List<?> messages) {}

    private final Policy teacher;
    private final Map<Key, CompletableFuture<Completion>> answers = new ConcurrentHashMap<>();
    private final AtomicInteger generations = new AtomicInteger();

    public OncePerTask(Policy teacher) { this.teacher = teacher; }

    @Override
    public String describe() { return teacher.describe(); }

    @Override
    public Completion generate(GenerationRequest request) throws FailureException, InterruptedException {
        var mine = new CompletableFuture<Completion>();
        var first = answers.putIfAbsent(new Key(request.task().id(), request.messages()), mine);
        if (first == null) {
            generations.incrementAndGet();
            try {
                mine.complete(teacher.generate(request));
            } catch (FailureException | RuntimeException e) {
                mine.completeExceptionally(e);
            } catch (InterruptedException e) {
                mine.completeExceptionally(e);
                throw e;
            }
            first = mine;
        }
        try {
            return first.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof FailureException f) throw f;
            if (e.getCause() instanceof RuntimeException r) throw r;
            throw new IllegalStateException(e.getCause());
        }
    }

    /** Calls that reached the teacher: one per distinct question. */
    public int generations() { return generations.get(); }

    @Override
    public Map<String, Long> counters() { return teacher.counters(); }
}
