package ai.lyceum.ares.annotate;

import ai.lyceum.ares.store.AresStore;
import ai.lyceum.ares.store.Filter;
import ai.lyceum.failure.FailureException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Runs one annotator over the rollouts a filter selects, {@code concurrency} at a time on virtual threads (model
 * calls block on the network; model-free annotators want 1). Failures are counted by type and a few kept as
 * examples; none aborts the run.
 */
public final class AnnotationRun {
    public record Report(String annotator, long annotated, Map<String, Long> failures, List<String> examples) {}

    private AnnotationRun() {}

    public static Report run(AresStore store, Annotator annotator, Filter filter, int concurrency) throws InterruptedException {
        if (concurrency < 1) throw new IllegalArgumentException("concurrency must be >= 1, was " + concurrency);
        var ids = store.ids(filter, Integer.MAX_VALUE);
        var done = new AtomicLong();
        var failures = new TreeMap<String, Long>();
        var examples = new ArrayList<String>();
        var permits = new Semaphore(concurrency);
        try (var pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (var id : ids) {
                permits.acquire();
                pool.submit(() -> {
                    try {
                        var rollout = store.rollout(id).orElseThrow();
                        store.annotate(id, annotator.annotate(rollout));
                        done.incrementAndGet();
                    } catch (FailureException e) {
                        fail(failures, examples, e.failure().type(), rollout(id) + ": " + e.failure().detail());
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    } catch (RuntimeException e) {
                        fail(failures, examples, "annotator_error", rollout(id) + ": " + e + (e.getStackTrace().length > 0 ? " at " + e.getStackTrace()[0] : ""));
                    } finally {
                        permits.release();
                    }
                });
            }
        }
        return new Report(annotator.name(), done.get(), failures, examples);
    }

    private static String rollout(java.util.UUID id) { return id.toString(); }

    private static synchronized void fail(Map<String, Long> failures, List<String> examples, String type, String detail) {
        failures.merge(type, 1L, Long::sum);
        if (examples.size() < 10) examples.add(detail);
    }
}
