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
 * calls block on the network; model-free annotators want 1). Failures are counted by type, skips (no evidence) by
 * reason, and a few of each kept as examples; none aborts the run.
 */
public final class AnnotationRun {
    /**
     * @param failures failure type → episodes the annotator tried and could not annotate
     * @param examples up to three {@code id: detail} lines per kind of failure and skip
     * @param skipped  reason → episodes without the evidence the annotator needs ({@link NotApplicable})
     * @param counters the annotator's own counts ({@link Annotator#counters})
     */
    public record Report(String annotator, long annotated, Map<String, Long> failures, List<String> examples,
                         Map<String, Long> skipped, Map<String, Long> counters) {
        public Report {
            failures = Map.copyOf(failures);
            examples = List.copyOf(examples);
            skipped = Map.copyOf(skipped);
            counters = Map.copyOf(counters);
        }
    }

    private AnnotationRun() {}

    public static Report run(AresStore store, Annotator annotator, Filter filter, int concurrency) throws InterruptedException {
        if (concurrency < 1) throw new IllegalArgumentException("concurrency must be >= 1, was " + concurrency);
        var ids = store.ids(filter, Integer.MAX_VALUE);
        var done = new AtomicLong();
        var failures = new TreeMap<String, Long>();
        var skipped = new TreeMap<String, Long>();
        var examples = new ArrayList<String>();
        var permits = new Semaphore(concurrency);
        try (var pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (var id : ids) {
                permits.acquire();
                pool.submit(() -> {
                    try {
                        if (annotator.oncePerVersion() && store.annotations(id).stream().anyMatch(a ->
                                a.annotator().equals(annotator.name()) && a.promptVersion().equals(annotator.promptVersion()))) {
                            count(skipped, examples, "already_annotated", id + " already has " + annotator.name() + " "
                                    + annotator.promptVersion());
                            return;
                        }
                        var rollout = store.rollout(id).orElseThrow();
                        store.annotate(id, annotator.annotate(rollout));
                        done.incrementAndGet();
                    } catch (NotApplicable e) {
                        count(skipped, examples, e.reason(), id + " skipped: " + e.getMessage());
                    } catch (FailureException e) {
                        count(failures, examples, e.failure().type(), id + ": " + e.failure().detail());
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    } catch (RuntimeException e) {
                        count(failures, examples, "annotator_error", id + ": " + e + (e.getStackTrace().length > 0 ? " at " + e.getStackTrace()[0] : ""));
                    } finally {
                        permits.release();
                    }
                });
            }
        }
        return new Report(annotator.name(), done.get(), failures, examples, skipped, new TreeMap<>(annotator.counters()));
    }

    private static synchronized void count(Map<String, Long> counts, List<String> examples, String key, String detail) {
        long seen = counts.merge(key, 1L, Long::sum);
        if (seen <= 3 && examples.size() < 20) examples.add(detail); // a few of each kind, so a common one hides no other
    }
}
