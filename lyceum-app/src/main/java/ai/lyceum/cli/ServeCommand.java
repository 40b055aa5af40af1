package ai.lyceum.cli;

import ai.lyceum.env.Environment;
import ai.lyceum.env.Environments;
import ai.lyceum.reward.rubric.RubricEnvironment;
import ai.lyceum.sandbox.SandboxProvider;
import ai.lyceum.serve.LyceumServer;
import ai.lyceum.serve.ServeOptions;
import ai.lyceum.serve.ServedEnvironment;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code lyceum serve}: one environment and its reward over the OpenEnv, NeMo Gym and OpenRLHF protocols. */
@Command(name = "serve", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Serve an environment and its reward to trainers in other languages: OpenEnv (/reset /step /state",
                "/schema /metadata and the /ws session), NeMo Gym (/seed_session /verify /aggregate_metrics), OpenRLHF",
                "(/get_reward) and /health, all on one port. Binds loopback unless --host says otherwise."})
final class ServeCommand implements Callable<Integer> {
    @Option(names = "--env", required = true, paramLabel = "NAME", description = "environment: ${COMPLETION-CANDIDATES}, or rubric:FILE",
            completionCandidates = EvalCommand.EnvironmentNames.class)
    String env;

    @Option(names = "--tasks", paramLabel = "FILE", description = "read the environment's tasks from FILE (same format)")
    Path tasks;

    @Option(names = "--port", defaultValue = "8000", paramLabel = "P", description = "port (default: ${DEFAULT-VALUE}; 0 picks a free one)")
    int port;

    @Option(names = "--host", defaultValue = ServeOptions.LOOPBACK, paramLabel = "ADDR",
            description = "address to bind (default: ${DEFAULT-VALUE}); anything else should come with a token")
    String host;

    @Option(names = "--token-env", paramLabel = "VAR",
            description = "environment variable holding a bearer token every route but /health then requires")
    String tokenEnv;

    @Option(names = "--max-sessions", defaultValue = "10000", paramLabel = "N",
            description = "WebSocket sessions open at once (default: ${DEFAULT-VALUE}); more get CAPACITY_REACHED")
    int maxSessions;

    @Option(names = "--idle-timeout", defaultValue = "600", paramLabel = "SECONDS",
            description = "reap a session idle this long (default: ${DEFAULT-VALUE})")
    long idleSeconds;

    @Option(names = "--data-dir", paramLabel = "DIR", description = "where default data sets live (default: LYCEUM_DATA or ../shared/data)")
    Path dataDir;

    @Option(names = "--sandbox", defaultValue = SandboxProvider.DEFAULT, paramLabel = "NAME",
            description = "where code environments run answers (default: ${DEFAULT-VALUE})")
    String sandbox;

    @Mixin
    JudgeOptionsMixin judge;

    /** The one place serve looks environments up: the registry eval uses, or {@code rubric:FILE} with the judge. */
    private Environment environment() throws Exception {
        if (env.startsWith(RubricEnvironment.PREFIX)) {
            var file = Path.of(env.substring(RubricEnvironment.PREFIX.length()));
            if (!Files.isRegularFile(file)) throw new IllegalArgumentException(env + ": no such file " + file);
            return RubricEnvironment.create(file, judge.scorer());
        }
        return Environments.create(env, Optional.ofNullable(tasks),
                new Environments.Options(dataDir != null ? dataDir : Environments.defaultDataDir(), sandbox));
    }

    @Override
    public Integer call() throws Exception {
        var options = new ServeOptions(host, port, Optional.empty(), maxSessions, Duration.ofSeconds(idleSeconds));
        if (tokenEnv != null) {
            var token = System.getenv(tokenEnv);
            if (token == null || token.isBlank()) throw new IllegalArgumentException("--token-env " + tokenEnv + ": variable is not set");
            options = options.withToken(token);
        }
        if (options.token().isEmpty() && !InetAddress.getByName(host).isLoopbackAddress()) {
            System.err.println("lyceum: warning: serving " + host + " without a token; anyone who can reach it can use it");
        }
        try (var judgeResources = judge; var served = new ServedEnvironment(environment());
             var server = LyceumServer.start(served, options)) {
            System.err.printf("lyceum serve: %s (%d tasks) on http://%s:%d — OpenEnv /reset /step /ws, NeMo Gym /verify, OpenRLHF /get_reward%n",
                    served.name(), served.taskCount(), host, server.port());
            var stopped = new CountDownLatch(1);
            Runtime.getRuntime().addShutdownHook(new Thread(stopped::countDown));
            stopped.await();
        }
        return 0;
    }
}
