package ai.lyceum.cli;

import ai.lyceum.policy.Policy;
import ai.lyceum.policy.gold.GoldPolicy;
import ai.lyceum.policy.openai.OpenAiConfig;
import ai.lyceum.policy.openai.OpenAiPolicy;
import ai.lyceum.train.model.Checkpoint;
import ai.lyceum.train.policy.EmbeddedPolicy;
import ai.lyceum.train.policy.PolicyCard;
import ai.lyceum.train.policy.PromptFormat;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import picocli.CommandLine.Option;

/** The options that choose and configure a policy; shared by every command that runs one. */
final class PolicyOptions {
    @Option(names = "--policy", required = true, paramLabel = "gold|openai|embedded:DIR",
            description = "gold replays reference answers; openai calls an OpenAI-compatible server; embedded:DIR runs a"
                    + " checkpoint of the embedded model (from lyceum train or demo) on the CPU")
    String policy;

    @Option(names = "--base-url", paramLabel = "URL",
            description = "server base URL including /v1, e.g. http://127.0.0.1:8000/v1 (openai)")
    String baseUrl;

    @Option(names = "--model", paramLabel = "M", description = "model name the server serves (openai)")
    String model;

    @Option(names = "--api-key-env", paramLabel = "VAR",
            description = "environment variable holding the API key, if the server needs one (the key is never logged)")
    String apiKeyEnv;

    @Option(names = "--endpoint", defaultValue = "chat", paramLabel = "chat|completions",
            description = "/v1/chat/completions or /v1/completions (default: ${DEFAULT-VALUE})")
    String endpoint;

    @Option(names = "--max-attempts", defaultValue = "6", paramLabel = "N",
            description = "attempts per request, retries included (default: ${DEFAULT-VALUE})")
    int maxAttempts;

    @Option(names = "--request-timeout", defaultValue = "600", paramLabel = "SECONDS",
            description = "deadline for one HTTP attempt (default: ${DEFAULT-VALUE})")
    double requestTimeoutSeconds;

    Policy create(int maxInFlight) {
        if (policy.startsWith(EMBEDDED)) return embedded(Path.of(policy.substring(EMBEDDED.length())), maxInFlight);
        return switch (policy) {
            case "gold" -> new GoldPolicy();
            case "openai" -> {
                if (baseUrl == null || model == null) {
                    throw new IllegalArgumentException("--policy openai needs --base-url URL and --model M");
                }
                var endpointKind = switch (endpoint) {
                    case "chat" -> OpenAiConfig.Endpoint.CHAT;
                    case "completions" -> OpenAiConfig.Endpoint.COMPLETIONS;
                    default -> throw new IllegalArgumentException("--endpoint must be chat or completions, was " + endpoint);
                };
                var config = OpenAiConfig.of(baseUrl, model).withEndpoint(endpointKind).withMaxInFlight(maxInFlight)
                        .withRequestTimeout(Duration.ofMillis((long) (requestTimeoutSeconds * 1000)));
                config = config.withRetries(maxAttempts, config.backoffBase(), config.backoffMax());
                if (apiKeyEnv != null) config = config.withApiKeyEnv(apiKeyEnv);
                yield new OpenAiPolicy(config);
            }
            default -> throw new IllegalArgumentException("unknown policy '" + policy + "'; use gold, openai or embedded:DIR");
        };
    }

    private static final String EMBEDDED = "embedded:";

    /**
     * What a run records of the policy {@code created} from these options, so {@code --resume} refuses another one:
     * for {@code embedded:DIR} the checkpoint's content hash, since a retrained checkpoint keeps its name.
     */
    String identity(Policy created) throws java.io.IOException {
        if (!policy.startsWith(EMBEDDED)) return created.describe();
        var dir = Path.of(policy.substring(EMBEDDED.length()));
        return created.describe() + " sha256:" + contentHash(dir.resolve(Checkpoint.CONFIG), dir.resolve(Checkpoint.WEIGHTS));
    }

    private static String contentHash(Path... files) throws java.io.IOException {
        java.security.MessageDigest digest;
        try {
            digest = java.security.MessageDigest.getInstance("SHA-256");
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e); // every JDK has SHA-256
        }
        var buffer = new byte[1 << 16];
        for (var file : files) {
            try (var in = Files.newInputStream(file)) {
                for (int n; (n = in.read(buffer)) > 0; ) digest.update(buffer, 0, n);
            }
        }
        return java.util.HexFormat.of().formatHex(digest.digest()).substring(0, 16);
    }

    /** A checkpoint directory; its policy card (when the trainer wrote one) says how prompts are rendered. */
    private static Policy embedded(Path dir, int maxBatch) {
        var card = PolicyCard.load(dir).orElse(new PolicyCard(PromptFormat.ROLES, "", 256));
        var model = CheckpointFiles.load("--policy", dir);
        return new EmbeddedPolicy(model, card.format(), card.maxTokens(), Math.max(1, maxBatch), 0);
    }
}
