package ai.lyceum.serve.bench;

import ai.lyceum.env.Environment;
import ai.lyceum.env.procedural.GuessNumberEnvironment;
import ai.lyceum.http.Http11Client;
import ai.lyceum.json.Json;
import ai.lyceum.serve.LyceumServer;
import ai.lyceum.serve.ServeOptions;
import ai.lyceum.serve.ServedEnvironment;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * The harness behind {@code lyceum bench serve}. Server and clients share the machine (and its cores), on loopback.
 *
 * <p>Sessions: {@code sessions} WebSocket clients ({@link GuessingSession}s on one {@link WsLoadClient} thread) connect,
 * all before any starts (so all are open at once), then each plays {@code steps} steps of the registered
 * {@code guess-number} environment by binary search, resetting when an episode ends early. A step is one guess:
 * the server parses it, advances the episode (compares it with the secret, appends the guess and the environment's
 * "higher"/"lower" to the conversation) and answers with the whole conversation so far. Latency is from handing a
 * message to the client to its reply arriving. A session is lost if any message fails, errs or gets no reply
 * within the timeout, or the socket closes before its steps are taken.
 *
 * <p>Rewards: {@code callers} virtual threads share {@code calls} single-sample calls to {@code /get_reward} or
 * {@code /verify} on a math environment (half correct answers, half wrong), after a warm-up; throughput is over the
 * wall time of the measured calls. Both parts warm up first (sessions: whole unmeasured rounds, and each round
 * starts once the JIT is quiet; rewards: rounds of 10,000 calls until CPU per call stops falling), so the figures are
 * the JIT-compiled steady state.
 */
public final class ServeBenchmark {
    private static final ObjectMapper JSON = Json.newMapper();

    /**
     * @param think        pause before each step, as a trainer's generation would; sessions start spread over one pause
     * @param warmupRounds unmeasured rounds of sessions first, so the JIT has compiled what a measured round runs
     * @param rounds       measured rounds of sessions, their latencies pooled
     */
    public record Options(int sessions, int steps, int callers, int calls, Duration timeout, Duration think,
                          int warmupRounds, int rounds) {
        public Options {
            if (sessions < 1 || steps < 1 || callers < 1 || calls < 1 || rounds < 1 || warmupRounds < 0) {
                throw new IllegalArgumentException("counts must be >= 1 (warm-up rounds >= 0)");
            }
        }
    }

    public record Latency(double p50Ms, double p99Ms, double maxMs) {
        static Latency of(long[] nanos, int n) {
            if (n == 0) return new Latency(0, 0, 0);
            var sorted = Arrays.copyOf(nanos, n);
            Arrays.sort(sorted);
            return ofSorted(sorted, n);
        }

        /** Over every round's latencies together. */
        static Latency pooled(List<Round> rounds, Function<Round, long[]> of) {
            var all = rounds.stream().map(of).flatMapToLong(Arrays::stream).sorted().toArray();
            return all.length == 0 ? new Latency(0, 0, 0) : ofSorted(all, all.length);
        }

        private static Latency ofSorted(long[] sorted, int n) {
            return new Latency(ms(sorted[(int) Math.min(n - 1, Math.floor(0.50 * n))]),
                    ms(sorted[(int) Math.min(n - 1, Math.floor(0.99 * n))]), ms(sorted[n - 1]));
        }

        private static double ms(long nanos) { return Math.round(nanos / 1e4) / 100.0; }
    }

    /**
     * Measured rounds pooled: latencies are percentiles over every round's messages, throughput is over their summed
     * wall time.
     *
     * @param stepP99MsByRound each round's own step p99, to show how much rounds differ
     * @param cpuSeconds  CPU time of this process (server and clients) during the measured rounds' play: on a shared
     *                    machine wall time inflates, this does not
     * @param cpuMsPerRoundTrip {@code cpuSeconds} per message answered (reset or step), server and client together:
     *                    n dedicated cores serve at most about n / this round trips per millisecond
     * @param lostReasons the first few reasons sessions were lost, for a person to read
     */
    public record SessionsResult(int sessions, int stepsPerSession, int rounds, int warmupRounds, int lost, int resets,
                                 Latency reset, Latency step, List<Double> stepP99MsByRound, double stepsPerSecond,
                                 double seconds, double cpuSeconds, double cpuMsPerRoundTrip, List<String> lostReasons) {
        static SessionsResult of(Options o, List<Round> rounds) {
            int resets = rounds.stream().mapToInt(r -> r.resets().length).sum();
            int steps = rounds.stream().mapToInt(r -> r.steps().length).sum();
            double seconds = rounds.stream().mapToDouble(Round::seconds).sum();
            double cpu = rounds.stream().mapToDouble(Round::cpuSeconds).sum();
            return new SessionsResult(o.sessions(), o.steps(), rounds.size(), o.warmupRounds(),
                    rounds.stream().mapToInt(Round::lost).sum(), resets, Latency.pooled(rounds, Round::resets),
                    Latency.pooled(rounds, Round::steps), rounds.stream().map(r -> Latency.of(r.steps(), r.steps().length).p99Ms()).toList(),
                    steps / seconds, seconds, cpu, Math.round(cpu * 1e6 / Math.max(1, resets + steps)) / 1000.0,
                    rounds.stream().flatMap(r -> r.lostReasons().stream()).limit(5).toList());
        }
    }

    /** One round of sessions: the latencies it measured (nanoseconds) and what it cost. */
    record Round(long[] resets, long[] steps, int lost, double seconds, double cpuSeconds, List<String> lostReasons) {}

    /**
     * @param failedCalls     calls that got no 200 answer
     * @param rewardFailures  samples answered with a typed failure
     * @param callsPerCpuSecond calls per CPU-second of this process, clients included: what each dedicated core gives
     */
    public record RewardsResult(String route, int callers, int calls, int failedCalls, int rewardFailures,
                                double callsPerSecond, double callsPerCpuSecond, Latency latency, double seconds) {}

    private static long cpuNanos() {
        return ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os
                ? os.getProcessCpuTime() : -1;
    }

    private ServeBenchmark() {}

    /**
     * Plays {@code env} over {@code /ws}: unmeasured rounds of the same size first, so the JIT has compiled the paths
     * the measured rounds run, on the same server.
     */
    public static SessionsResult sessions(GuessNumberEnvironment env, Options o) throws Exception {
        var timer = Executors.newSingleThreadScheduledExecutor(r -> {
            var t = new Thread(r, "bench-serve-timer");
            t.setDaemon(true);
            return t;
        });
        try (var served = new ServedEnvironment(env);
             var server = LyceumServer.start(served, ServeOptions.loopback(0).withMaxSessions(o.sessions() + 16));
             var client = new WsLoadClient()) {
            var uri = URI.create("ws://127.0.0.1:" + server.port() + "/ws");
            for (int round = 0; round < o.warmupRounds(); round++) sessionsRound(client, timer, uri, env.upper(), o);
            var measured = new ArrayList<Round>();
            for (int round = 0; round < o.rounds(); round++) measured.add(sessionsRound(client, timer, uri, env.upper(), o));
            return SessionsResult.of(o, measured);
        } finally {
            timer.shutdownNow();
        }
    }

    private static Round sessionsRound(WsLoadClient client, ScheduledExecutorService timer, URI uri, int upper,
                                                Options o) throws Exception {
        var resets = new long[o.sessions() * (o.steps() + 1)];
        var steps = new long[o.sessions() * o.steps()];
        var resetCount = new AtomicInteger();
        var stepCount = new AtomicInteger();
        var lost = new AtomicInteger();
        var reasons = new ConcurrentLinkedQueue<String>();
        var ended = new CountDownLatch(o.sessions());
        var recorder = new GuessingSession.Recorder() {
            @Override public void reset(long nanos) { resets[resetCount.getAndIncrement()] = nanos; }

            @Override public void step(long nanos) { steps[stepCount.getAndIncrement()] = nanos; }

            @Override public void finished() { ended.countDown(); }

            @Override public void lost(int session, String why) {
                lost.incrementAndGet();
                if (reasons.size() < 5) reasons.add("session " + session + ": " + why);
                ended.countDown();
            }
        };
        // All sessions connect first, so all are open at once, then all start.
        // Upgrades are blocking, a few at a time, so connecting 1,000 sessions takes a fraction of a second.
        var playing = new ConcurrentLinkedQueue<GuessingSession>();
        try (var connecting = Executors.newFixedThreadPool(8, Thread.ofVirtual().name("bench-ws-connect-", 0).factory())) {
            for (int i = 0; i < o.sessions(); i++) {
                var session = new GuessingSession(i, o.steps(), upper, o.think(), timer, recorder);
                connecting.execute(() -> {
                    try {
                        session.open(client.connect(uri, session, o.timeout()));
                        playing.add(session);
                    } catch (IOException e) {
                        session.lose("cannot connect: " + e);
                    }
                });
            }
        }
        var watchdog = timer.scheduleWithFixedDelay(() -> {
            long now = System.nanoTime();
            for (var s : playing) {
                long since = s.waitingSince();
                if (since != 0 && now - since > o.timeout().toNanos()) s.lose("no reply within " + o.timeout().toMillis() + " ms");
            }
        }, 200, 200, TimeUnit.MILLISECONDS);
        awaitJitQuiet();
        long t0 = System.nanoTime();
        long cpu0 = cpuNanos();
        for (var s : playing) s.start();
        ended.await();
        double seconds = (System.nanoTime() - t0) / 1e9;
        double cpuSeconds = (cpuNanos() - cpu0) / 1e9;
        watchdog.cancel(false);
        return new Round(Arrays.copyOf(resets, resetCount.get()), Arrays.copyOf(steps, stepCount.get()), lost.get(), seconds,
                cpuSeconds, List.copyOf(reasons));
    }

    /**
     * Waits until the JIT has compiled nothing for 100 ms (at most 5 s): connecting a round's sessions queues compiles
     * of its own, which would otherwise take CPU from the round's play.
     */
    private static void awaitJitQuiet() throws InterruptedException {
        var jit = ManagementFactory.getCompilationMXBean();
        long last = jit.getTotalCompilationTime();
        long quietSince = System.nanoTime();
        long deadline = quietSince + 5_000_000_000L;
        while (System.nanoTime() < deadline) {
            Thread.sleep(20);
            long now = jit.getTotalCompilationTime();
            if (now != last) {
                last = now;
                quietSince = System.nanoTime();
            } else if (System.nanoTime() - quietSince >= 100_000_000L) {
                return;
            }
        }
    }

    /** {@code route} is {@code /get_reward} or {@code /verify}; {@code env} a math environment whose tasks make the calls. */
    public static RewardsResult rewards(Environment env, String route, Options o) throws Exception {
        try (var served = new ServedEnvironment(env); var server = LyceumServer.start(served, ServeOptions.loopback(0));
             var client = new Http11Client(Duration.ofSeconds(10))) {
            var uri = URI.create("http://127.0.0.1:" + server.port() + route);
            var bodies = bodies(env, route);
            var headers = Map.of("Content-Type", "application/json");
            // Warm up until the JIT is done: rounds of 10,000 calls until CPU per call stops falling by 10% (at most 8).
            double previous = 0;
            for (int round = 0; round < 8; round++) {
                var warm = run(client, uri, headers, bodies, o.callers(), 10_000, o.timeout());
                double perCpu = warm.calls() / warm.cpuSeconds();
                if (perCpu < previous * 1.1) break;
                previous = perCpu;
            }
            return run(client, uri, headers, bodies, o.callers(), o.calls(), o.timeout()).withRoute(route);
        }
    }

    private record Run(int callers, int calls, int failed, int rewardFailures, double seconds, double cpuSeconds, Latency latency) {
        RewardsResult withRoute(String route) {
            return new RewardsResult(route, callers, calls, failed, rewardFailures, calls / seconds, calls / cpuSeconds, latency, seconds);
        }
    }

    private static Run run(Http11Client client, URI uri, Map<String, String> headers, List<byte[]> bodies, int callers,
                           int calls, Duration timeout) throws InterruptedException {
        var next = new AtomicInteger();
        var latencies = new long[calls];
        var failed = new AtomicInteger();
        var rewardFailures = new AtomicInteger();
        long t0 = System.nanoTime();
        long cpu0 = cpuNanos();
        try (var pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int c = 0; c < callers; c++) {
                pool.submit(() -> {
                    int i;
                    while ((i = next.getAndIncrement()) < calls) {
                        long t = System.nanoTime();
                        try {
                            var response = client.post(uri, headers, bodies.get(i % bodies.size()), timeout);
                            latencies[i] = System.nanoTime() - t;
                            if (response.status() != 200) failed.incrementAndGet();
                            else if (hasFailure(response.body())) rewardFailures.incrementAndGet();
                        } catch (Exception e) {
                            latencies[i] = System.nanoTime() - t;
                            failed.incrementAndGet();
                        }
                    }
                });
            }
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        return new Run(callers, calls, failed.get(), rewardFailures.get(), seconds, (cpuNanos() - cpu0) / 1e9, Latency.of(latencies, calls));
    }

    private static boolean hasFailure(byte[] body) {
        var text = new String(body, StandardCharsets.UTF_8);
        return text.contains("\"failure\":{") || text.contains("\"failures\":[{");
    }

    /** One call per task, alternating a right and a wrong boxed answer; at most 2,000 distinct bodies. */
    private static List<byte[]> bodies(Environment env, String route) throws Exception {
        var out = new ArrayList<byte[]>();
        int i = 0;
        for (var task : env.tasks()) {
            if (i >= 2_000) break;
            var prompt = task.prompt().getLast().content();
            var reference = task.reference().orElseThrow();
            var answer = (i++ % 2 == 0 ? "So the answer is \\boxed{" + reference + "}." : "So the answer is \\boxed{" + reference + "+1}.");
            var body = JSON.createObjectNode();
            if (route.equals("/get_reward")) {
                body.putArray("query").add(prompt + answer);
                body.putArray("prompts").add(prompt);
                body.putArray("labels").add(reference);
            } else {
                body.putObject("responses_create_params").putArray("input").addObject().put("role", "user").put("content", prompt);
                body.putObject("response").putArray("output").addObject().put("type", "message").put("role", "assistant")
                        .putArray("content").addObject().put("type", "output_text").put("text", answer);
                body.put("expected_answer", reference);
            }
            out.add(JSON.writeValueAsBytes(body));
        }
        return out;
    }
}
