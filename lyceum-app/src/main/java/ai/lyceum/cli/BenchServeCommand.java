package ai.lyceum.cli;

import ai.lyceum.env.Environments;
import ai.lyceum.env.procedural.GuessNumberEnvironment;
import ai.lyceum.serve.bench.ServeBenchmark;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code lyceum bench serve}: load on {@code lyceum serve} from clients on the same machine, printed as JSON. */
@Command(name = "serve", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Concurrent OpenEnv WebSocket sessions (reset + steps on the procedural multi-turn guess-number) and",
                "concurrent /get_reward and /verify callers on the math verifier (MATH-500 answers) against an in-process",
                "server on loopback; prints p50/p99 latency, throughput and lost sessions as JSON."})
final class BenchServeCommand implements Callable<Integer> {
    @Option(names = "--sessions", defaultValue = "1000", description = "concurrent WebSocket sessions (default: ${DEFAULT-VALUE})") int sessions;
    @Option(names = "--steps", defaultValue = "10", description = "steps per session (default: ${DEFAULT-VALUE})") int steps;
    @Option(names = "--callers", defaultValue = "1000", description = "concurrent reward callers (default: ${DEFAULT-VALUE})") int callers;
    @Option(names = "--calls", defaultValue = "50000", description = "reward calls per route (default: ${DEFAULT-VALUE})") int calls;
    @Option(names = "--think-ms", defaultValue = "0", paramLabel = "MS",
            description = "pause before each step, as a policy's generation would (default: ${DEFAULT-VALUE}: as fast as possible)") long thinkMs;
    @Option(names = "--rounds", defaultValue = "5", description = "measured rounds of sessions, pooled (default: ${DEFAULT-VALUE})") int rounds;
    @Option(names = "--warmup-rounds", defaultValue = "15", paramLabel = "N",
            description = "unmeasured rounds of sessions first, for the JIT (default: ${DEFAULT-VALUE})") int warmupRounds;
    @Option(names = "--timeout", defaultValue = "60", paramLabel = "SECONDS", description = "per-message timeout (default: ${DEFAULT-VALUE})") long timeoutSeconds;
    @Option(names = "--only", paramLabel = "ws|get_reward|verify", description = "run one part only") String only;
    @Option(names = "--data-dir", paramLabel = "DIR", description = "shared data (default: LYCEUM_DATA or ../shared/data)") Path dataDir;

    @Override
    public Integer call() throws Exception {
        var options = new ServeBenchmark.Options(sessions, steps, callers, calls, Duration.ofSeconds(timeoutSeconds),
                Duration.ofMillis(thinkMs), warmupRounds, rounds);
        var envOptions = new Environments.Options(dataDir != null ? dataDir : Environments.defaultDataDir(), "none");
        var out = new LinkedHashMap<String, Object>();
        out.put("cores", Runtime.getRuntime().availableProcessors());
        out.put("think_ms", thinkMs);
        if (only != null && !List.of("ws", "get_reward", "verify").contains(only)) {
            throw new IllegalArgumentException("--only must be ws, get_reward or verify, was " + only);
        }
        if (only == null || only.equals("ws")) {
            var env = (GuessNumberEnvironment) Environments.create(GuessNumberEnvironment.NAME, Optional.empty(), envOptions);
            out.put("environment", env.name() + " (difficulty " + env.difficulty() + ": 1.." + env.upper() + ")");
            out.put("openenv_ws", ServeBenchmark.sessions(env, options));
        }
        for (var route : new String[] {"/get_reward", "/verify"}) {
            if (only != null && !route.equals("/" + only)) continue;
            try (var math = Environments.create("math500", Optional.empty(), envOptions)) {
                out.put(route.substring(1), ServeBenchmark.rewards(math, route, options));
            }
        }
        System.out.println(new ObjectMapper().writerWithDefaultPrettyPrinter().writeValueAsString(out));
        return 0;
    }
}
