package ai.lyceum.serve.bench;

import ai.lyceum.env.Environment;
import ai.lyceum.http.Http11Client;
import ai.lyceum.json.Json;
import ai.lyceum.serve.LyceumServer;
import ai.lyceum.serve.ServeOptions;
import ai.lyceum.serve.ServedEnvironment;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The harness behind {@code lyceum bench serve}. Server and clients share the machine (and its cores), on loopback.
 *
 * <p>Sessions: {@code sessions} WebSocket clients connect, wait until all are connected (so all are open at once),
 * then each plays {@code steps} steps of {@link GuessNumberEnvironment} by binary search, resetting when an episode
 * ends early. A session is lost if any message fails, errs or times out, or it ends with fewer steps.
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
     * @param lostReasons the first few reasons sessions were lost, for a person to read
     */
    public record SessionsResult(int sessions, int stepsPerSession, int lost, int resets, Latency reset, Latency step,
                                 double stepsPerSecond, double seconds, double cpuSeconds, List<String> lostReasons) {}

    /**
     * @param failedCalls     calls that got no 200 answer
     * @param rewardFailures  samples answered with a typed failure
     * @param callsPerCpuSecond calls per CPU-second of this process, clients included: what each dedicated core gives
     */
    public record RewardsResult(String route, int callers, int calls, int failedCalls, int rewardFailures,
                                double callsPerSecond, double callsPerCpuSecond, Latency latency, double seconds) {}

    private static long cpuNanos() {
        return java.lang.management.ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os
                ? os.getProcessCpuTime() : -1;
    }

    private ServeBenchmark() {}

    /** An unmeasured round of the same size first, so the JIT has compiled the paths the measured round runs. */
    public static SessionsResult sessions(Options o) throws Exception {
        sessionsRound(o);
        return sessionsRound(o);
    }

    private static SessionsResult sessionsRound(Options o) throws Exception {
        var env = new GuessNumberEnvironment(Math.max(1, o.sessions()), 1024, 10, 2026);
        try (var served = new ServedEnvironment(env);
             var server = LyceumServer.start(served, ServeOptions.loopback(0).withMaxSessions(o.sessions() + 16));
             var http = HttpClient.newBuilder().build()) {
            var uri = URI.create("ws://127.0.0.1:" + server.port() + "/ws");
            var resets = new long[o.sessions() * (o.steps() + 1)];
            var steps = new long[o.sessions() * o.steps()];
            var resetCount = new AtomicInteger();
            var stepCount = new AtomicInteger();
            var lost = new AtomicInteger();
            var reasons = new ConcurrentLinkedQueue<String>();
            var connected = new CountDownLatch(o.sessions());
            long t0 = System.nanoTime();
            long cpu0 = cpuNanos();
            try (var pool = Executors.newVirtualThreadPerTaskExecutor()) {
                for (int i = 0; i < o.sessions(); i++) {
                    int session = i;
                    pool.submit(() -> {
                        OpenEnvWsClient ws = null;
                        try {
                            ws = OpenEnvWsClient.connect(http, uri, Optional.empty(), o.timeout());
                            connected.countDown();
                            if (!connected.await(o.timeout().toMillis(), TimeUnit.MILLISECONDS)) throw new IllegalStateException("not all sessions connected");
                            if (!o.think().isZero()) Thread.sleep(ThreadLocalRandom.current().nextLong(o.think().toMillis()));
                            play(ws, session, o.steps(), o.think(), resets, resetCount, steps, stepCount);
                        } catch (Exception e) {
                            connected.countDown();
                            lost.incrementAndGet();
                            if (reasons.size() < 5) reasons.add("session " + session + ": " + e.getMessage());
                        } finally {
                            if (ws != null) ws.close();
                        }
                    });
                }
            }
            double seconds = (System.nanoTime() - t0) / 1e9;
            return new SessionsResult(o.sessions(), o.steps(), lost.get(), resetCount.get(), Latency.of(resets, resetCount.get()),
                    Latency.of(steps, stepCount.get()), stepCount.get() / seconds, seconds, (cpuNanos() - cpu0) / 1e9, List.copyOf(reasons));
        }
    }

    /** Binary search over 1..1024, resetting whenever an episode ends, until {@code steps} steps were taken. */
    private static void play(OpenEnvWsClient ws, int session, int steps, Duration think, long[] resets, AtomicInteger resetCount,
                             long[] stepTimes, AtomicInteger stepCount) throws Exception {
        int done = 0;
        int episode = 0;
        while (done < steps) {
            long t = System.nanoTime();
            var reply = expect(ws.send("{\"type\":\"reset\",\"data\":{\"seed\":" + (session + 7919L * episode++) + "}}"));
            resets[resetCount.getAndIncrement()] = System.nanoTime() - t;
            int lo = 1;
            int hi = 1024;
            int guess = 0;
            while (!reply.get("done").asBoolean() && done < steps) {
                if (guess != 0) {
                    var messages = reply.get("observation").get("messages");
                    var hint = messages.get(messages.size() - 1).get("content").asText();
                    if (hint.equals("higher")) lo = guess + 1;
                    else hi = guess - 1;
                }
                guess = (lo + hi) / 2;
                if (!think.isZero()) Thread.sleep(think);
                t = System.nanoTime();
                reply = expect(ws.send("{\"type\":\"step\",\"data\":{\"content\":\"" + guess + "\"}}"));
                stepTimes[stepCount.getAndIncrement()] = System.nanoTime() - t;
                done++;
            }
        }
    }

    private static JsonNode expect(String message) throws Exception {
        var reply = JSON.readTree(message.startsWith("<") ? "{}" : message);
        if (!"observation".equals(reply.path("type").asText())) throw new IllegalStateException("unexpected reply " + message);
        return reply.get("data");
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
