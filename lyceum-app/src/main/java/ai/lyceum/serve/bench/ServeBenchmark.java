package ai.lyceum.serve.bench;

import ai.lyceum.env.Environment;
import ai.lyceum.env.procedural.GuessNumberEnvironment;
import ai.lyceum.http.Http11Client;
import ai.lyceum.json.Json;
import ai.lyceum.serve.LyceumServer;
import ai.lyceum.serve.ServeOptions;
import ai.lyceum.serve.ServedEnvironment;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.jetty.websocket.api.Session;
import org.eclipse.jetty.websocket.client.WebSocketClient;

/**
 * The harness behind {@code lyceum bench serve}. Server and clients share the machine (and its cores), on loopback.
 *
 * <p>Sessions: {@code sessions} WebSocket clients (Jetty's, callback-driven: see {@link GuessingSession}) connect,
 * all before any starts (so all are open at once), then each plays {@code steps} steps of the registered
 * {@code guess-number} environment by binary search, resetting when an episode ends early. A step is one guess:
 * the server parses it, advances the episode (compares it with the secret, appends the guess and the environment's
 * "higher"/"lower" to the conversation) and answers with the whole conversation so far. Latency is from handing a
 * message to the client to its reply arriving. A session is lost if any message fails, errs or gets no reply
 * within the timeout, or the socket closes before its steps are taken.
 *
 * <p>Rewards: {@code callers} virtual threads share {@code calls} single-sample calls to {@code /get_reward} or
 * {@code /verify} on a math environment (half correct answers, half wrong), after a warm-up; throughput is over the
 * wall time of the measured calls. Both parts warm up first (sessions: a whole unmeasured round; rewards: rounds of
 * 10,000 calls until CPU per call stops falling), so the figures are the JIT-compiled steady state.
 */
public final class ServeBenchmark {
    private static final ObjectMapper JSON = Json.newMapper();

    /** @param think pause before each step, as a trainer's generation would; sessions start spread over one pause */
    public record Options(int sessions, int steps, int callers, int calls, Duration timeout, Duration think) {}

    public record Latency(double p50Ms, double p99Ms, double maxMs) {
        static Latency of(long[] nanos, int n) {
            if (n == 0) return new Latency(0, 0, 0);
            var sorted = Arrays.copyOf(nanos, n);
            Arrays.sort(sorted);
            return new Latency(ms(sorted[(int) Math.min(n - 1, Math.floor(0.50 * n))]),
                    ms(sorted[(int) Math.min(n - 1, Math.floor(0.99 * n))]), ms(sorted[n - 1]));
        }

        private static double ms(long nanos) { return Math.round(nanos / 1e4) / 100.0; }
    }

    /**
     * @param cpuSeconds  CPU time of this process (server and clients) during the run: on a shared machine wall time
     *                    inflates, this does not
     * @param cpuMsPerRoundTrip {@code cpuSeconds} per message answered (reset or step), server and client together:
     *                    n dedicated cores serve at most about n / this round trips per millisecond
     * @param lostReasons the first few reasons sessions were lost, for a person to read
     */
    public record SessionsResult(int sessions, int stepsPerSession, int lost, int resets, Latency reset, Latency step,
                                 double stepsPerSecond, double seconds, double cpuSeconds, double cpuMsPerRoundTrip,
                                 List<String> lostReasons) {}

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
     * Plays {@code env} over {@code /ws}: an unmeasured round of the same size first, so the JIT has compiled the
     * paths the measured round runs, on the same server.
     */
    public static SessionsResult sessions(GuessNumberEnvironment env, Options o) throws Exception {
        var client = new WebSocketClient();
        client.setMaxTextMessageSize(16 << 20);
        client.setIdleTimeout(o.timeout().plus(o.think()).plusMinutes(1)); // overdue replies are ours to report
        var timer = Executors.newSingleThreadScheduledExecutor(r -> {
            var t = new Thread(r, "bench-serve-timer");
            t.setDaemon(true);
            return t;
        });
        try (var served = new ServedEnvironment(env);
             var server = LyceumServer.start(served, ServeOptions.loopback(0).withMaxSessions(o.sessions() + 16))) {
            client.start();
            var uri = URI.create("ws://127.0.0.1:" + server.port() + "/ws");
            sessionsRound(client, timer, uri, env.upper(), o);
            return sessionsRound(client, timer, uri, env.upper(), o);
        } finally {
            timer.shutdownNow();
            client.stop();
        }
    }

    private static SessionsResult sessionsRound(WebSocketClient client, ScheduledExecutorService timer, URI uri, int upper,
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
        var sessions = new ArrayList<GuessingSession>(o.sessions());
        var connects = new ArrayList<CompletableFuture<Session>>(o.sessions());
        for (int i = 0; i < o.sessions(); i++) {
            var session = new GuessingSession(i, o.steps(), upper, o.think(), timer, recorder);
            sessions.add(session);
            connects.add(client.connect(session, uri));
        }
        var playing = new ArrayList<GuessingSession>(o.sessions());
        for (int i = 0; i < o.sessions(); i++) {
            try {
                connects.get(i).get(o.timeout().toMillis(), TimeUnit.MILLISECONDS);
                playing.add(sessions.get(i));
            } catch (ExecutionException | TimeoutException e) {
                sessions.get(i).lose("cannot connect: " + (e.getCause() != null ? e.getCause() : e));
            }
        }
        var watchdog = timer.scheduleWithFixedDelay(() -> {
            long now = System.nanoTime();
            for (var s : playing) {
                long since = s.waitingSince();
                if (since != 0 && now - since > o.timeout().toNanos()) s.lose("no reply within " + o.timeout().toMillis() + " ms");
            }
        }, 200, 200, TimeUnit.MILLISECONDS);
        long t0 = System.nanoTime();
        long cpu0 = cpuNanos();
        for (var s : playing) s.start();
        ended.await();
        double seconds = (System.nanoTime() - t0) / 1e9;
        double cpuSeconds = (cpuNanos() - cpu0) / 1e9;
        watchdog.cancel(false);
        return new SessionsResult(o.sessions(), o.steps(), lost.get(), resetCount.get(), Latency.of(resets, resetCount.get()),
                Latency.of(steps, stepCount.get()), stepCount.get() / seconds, seconds, cpuSeconds,
                Math.round(cpuSeconds * 1e6 / Math.max(1, resetCount.get() + stepCount.get())) / 1000.0, List.copyOf(reasons));
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
