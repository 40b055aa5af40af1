package ai.lyceum.train.policy;

import ai.lyceum.failure.Failure;
import ai.lyceum.failure.FailureException;
import ai.lyceum.policy.Completion;
import ai.lyceum.policy.GenerationRequest;
import ai.lyceum.policy.Policy;
import ai.lyceum.policy.Sampling;
import ai.lyceum.policy.Tokens;
import ai.lyceum.rollout.Rollout;
import ai.lyceum.rollout.RolloutEngine;
import ai.lyceum.task.Task;
import ai.lyceum.train.model.Sample;
import ai.lyceum.train.model.SampleSettings;
import ai.lyceum.train.model.Sampler;
import ai.lyceum.train.model.Transformer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/**
 * The embedded model as a {@link Policy}.
 *
 * <p>One platform thread owns the model; callers (typically many virtual threads) queue requests and block.
 * The owner drains whatever is waiting, groups requests with equal sampling settings and samples each group
 * as one batch, so a hundred concurrent rollouts cost a few batched decodes rather than a hundred single
 * ones. Each request keeps its own seed, so batching never changes what it samples. A platform thread also
 * keeps libtorch's per-thread autograd mode where it was set. Trainers reach the same thread through
 * {@link #withModel}, so updates never interleave with a decode.
 *
 * <p>In {@link #lockstep} mode the owner waits until every rollout still running has asked (or finished) before
 * it decodes, so a step's rollouts form the same batches in the same order on every run: what a trainer needs for
 * a resumed run to end exactly where an uninterrupted one does, and the largest batches a decode can get.
 */
public final class EmbeddedPolicy implements Policy {
    private static final int QUEUE = 4096;
    /** Padded positions one decode may hold: the KV cache and attention scores grow with them. */
    private static final long BATCH_POSITIONS = 1 << 16;

    private final Transformer model;
    private final Sampler sampler;
    private final PromptFormat format;
    private final int defaultMaxTokens;
    private final int maxBatch;
    private final String name;
    private final AtomicLong seeds;
    private final BlockingQueue<Runnable> work = new ArrayBlockingQueue<>(QUEUE);
    private final List<Pending> pending = new ArrayList<>();
    private final Thread owner;
    private final AtomicInteger lockstep = new AtomicInteger();
    private volatile boolean closed;
    /** When lockstep waits longer than this for the rest of its rollouts, the owner decodes what it has. */
    private static final long LOCKSTEP_PATIENCE_NANOS = 10_000_000_000L;

    private record Pending(int[] prompt, SampleSettings settings, long seed, CompletableFuture<Sample> result) {}

    /**
     * @param defaultMaxTokens new tokens when a request does not say
     * @param maxBatch         most requests decoded together
     * @param seed             where per-request seeds start when a request brings none
     */
    public EmbeddedPolicy(Transformer model, PromptFormat format, int defaultMaxTokens, int maxBatch, long seed) {
        if (defaultMaxTokens <= 0) throw new IllegalArgumentException("defaultMaxTokens must be positive, was " + defaultMaxTokens);
        if (maxBatch <= 0) throw new IllegalArgumentException("maxBatch must be positive, was " + maxBatch);
        this.model = model;
        this.sampler = new Sampler(model);
        this.format = format;
        this.defaultMaxTokens = defaultMaxTokens;
        this.maxBatch = maxBatch;
        this.name = "embedded:" + model.config().name();
        this.seeds = new AtomicLong(seed);
        this.owner = Thread.ofPlatform().name("lyceum-embedded-model").daemon().start(this::serve);
    }

    @Override
    public String describe() { return name; }

    @Override
    public Completion generate(GenerationRequest request) throws FailureException, InterruptedException {
        int[] prompt = format.render(request.messages());
        SampleSettings settings = settings(request.sampling(), prompt.length);
        long seed = request.sampling().seed().orElseGet(seeds::getAndIncrement);
        var result = new CompletableFuture<Sample>();
        if (!enqueue(() -> pending.add(new Pending(prompt, settings, seed, result)))) {
            throw new FailureException(new Failure.PolicyError(name + " is closed"));
        }
        Sample s;
        try {
            s = result.get();
        } catch (ExecutionException e) {
            throw new FailureException(new Failure.PolicyError(name + " failed: " + e.getCause()));
        }
        var finish = s.finish() == Sample.Finish.LENGTH ? Completion.FinishReason.LENGTH : Completion.FinishReason.STOP;
        var tokens = request.sampling().wantTokens() ? java.util.Optional.of(new Tokens(s.tokens(), s.logprobs()))
                : java.util.Optional.<Tokens>empty();
        return new Completion(s.text(), tokens, finish, new Completion.Usage(prompt.length, s.tokens().length));
    }

    /**
     * Runs {@code work} on the thread that owns the model, between decodes: a trainer's update, a scoring
     * pass. Blocks until it is done and returns its result.
     */
    public <T> T withModel(Function<Transformer, T> work) throws InterruptedException {
        var result = new CompletableFuture<T>();
        boolean queued = enqueue(() -> {
            try {
                result.complete(work.apply(model));
            } catch (RuntimeException | Error e) {
                result.completeExceptionally(e);
            }
        });
        if (!queued) throw new IllegalStateException(name + " is closed");
        try {
            return result.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) throw r;
            throw new IllegalStateException(e.getCause());
        }
    }

    /**
     * Every (task, sample) of {@code engine}, in which this policy plays, run in lockstep: decodes wait until each
     * rollout still running has asked for its next turn or finished, so the batches are the same on every run.
     */
    public List<Rollout> collect(RolloutEngine engine, List<Task> tasks) throws InterruptedException {
        int rollouts = tasks.size() * engine.options().samples();
        if (rollouts <= 0) throw new IllegalArgumentException("lockstep needs a positive number of rollouts, was " + rollouts);
        if (!lockstep.compareAndSet(0, rollouts)) throw new IllegalStateException(name + " is already in lockstep");
        try (var counter = new Lockstep()) {
            return engine.collect(tasks, counter);
        }
    }

    /** Counts a lockstep's rollouts as they finish. */
    private final class Lockstep implements RolloutEngine.Listener, AutoCloseable {
        private Lockstep() {}

        @Override
        public void finished(Rollout rollout) {
            lockstep.decrementAndGet();
            wake();
        }

        @Override
        public void close() {
            lockstep.set(0);
            wake();
        }

        private void wake() {
            if (!work.offer(() -> {})) throw new IllegalStateException(name + ": request queue full");
        }
    }

    private SampleSettings settings(Sampling s, int promptLength) throws FailureException {
        int room = model.config().maxSeqLen() - promptLength;
        int max = s.maxTokens().orElse(Math.min(defaultMaxTokens, room));
        if (max > room || room <= 0) {
            throw new FailureException(new Failure.PolicyError("prompt of " + promptLength + " tokens plus " + max
                    + " new tokens exceeds the " + model.config().maxSeqLen() + "-token context of " + name));
        }
        return new SampleSettings(s.temperature().orElse(1.0), s.topP().orElse(1.0), max, s.stop(), true);
    }

    private boolean enqueue(Runnable task) throws InterruptedException {
        if (closed) return false;
        work.put(task);
        return true;
    }

    private void serve() {
        long waitingSince = 0;
        try {
            while (!closed || !work.isEmpty()) {
                Runnable first = work.poll(100, java.util.concurrent.TimeUnit.MILLISECONDS);
                if (first != null) {
                    first.run();
                    for (Runnable next; (next = work.poll()) != null; ) next.run(); // queue every waiting request
                }
                if (pending.isEmpty()) continue;
                if (waitingSince == 0) waitingSince = System.nanoTime();
                int running = lockstep.get();
                if (running > pending.size() && !closed && System.nanoTime() - waitingSince < LOCKSTEP_PATIENCE_NANOS) {
                    continue; // lockstep: the other rollouts will ask soon
                }
                waitingSince = 0;
                decodePending();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            for (Runnable late; (late = work.poll()) != null; ) late.run(); // queued while closing: fail, not hang
            pending.forEach(p -> p.result().completeExceptionally(new IllegalStateException(name + " closed")));
        }
    }

    private void decodePending() {
        // Arrival order is the scheduler's, not ours; by length, then seed, so batches pad little and are reproducible.
        pending.sort(java.util.Comparator.<Pending>comparingInt(p -> p.prompt().length).thenComparingLong(Pending::seed));
        var groups = new LinkedHashMap<SampleSettings, List<Pending>>();
        for (Pending p : pending) groups.computeIfAbsent(p.settings(), k -> new ArrayList<>()).add(p);
        pending.clear();
        for (var group : groups.entrySet()) {
            var all = group.getValue();
            for (int from = 0, to; from < all.size(); from = to) {
                to = batchEnd(all, from, group.getKey().maxTokens());
                var batch = all.subList(from, to);
                try {
                    var samples = sampler.sample(batch.stream().map(Pending::prompt).toList(), group.getKey(),
                            batch.stream().mapToLong(Pending::seed).toArray());
                    for (int i = 0; i < batch.size(); i++) batch.get(i).result().complete(samples.get(i));
                } catch (RuntimeException e) {
                    batch.forEach(p -> p.result().completeExceptionally(e));
                }
            }
        }
    }

    /**
     * Where the batch starting at {@code from} ends: at most {@code maxBatch} requests, and at most
     * {@value #BATCH_POSITIONS} padded positions (rows × longest prompt plus new tokens), so long prompts decode in
     * smaller batches instead of exhausting memory. Requests are sorted by prompt length, so the last row is the longest.
     */
    private int batchEnd(List<Pending> all, int from, int newTokens) {
        int to = from + 1;
        while (to < all.size() && to - from < maxBatch
                && (long) (to - from + 1) * (all.get(to).prompt().length + newTokens) <= BATCH_POSITIONS) to++;
        return to;
    }

    /** Stops accepting requests, finishes those queued, and frees the model. */
    @Override
    public void close() {
        closed = true;
        try {
            owner.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        model.close();
    }
}
