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
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.regex.Pattern;
import picocli.CommandLine.Option;

/** The options that choose and configure a policy; shared by every command that runs one. */
final class PolicyOptions {
    @Option(names = "--policy", required = true, paramLabel = "[ROLE=]SPEC",
            description = {"SPEC is gold (replays reference answers), openai (an OpenAI-compatible server: --base-url, --model),"
                    + " openai:MODEL[@URL] (another model, on --base-url unless URL is given) or embedded:DIR (a checkpoint of"
                    + " the embedded model from lyceum train or demo, on the CPU); for a teacher role also verifier (relays the"
                    + " verifier's report); for the self-play games also random-player, minimax (TicTacToe) and kuhn-equilibrium.",
                    "Repeat as ROLE=SPEC to give a role of a multi-agent environment its own policy"
                    + " (--policy teacher=openai:big-model); a SPEC without ROLE plays every role not named."})
    List<String> policies;

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

    /** The policy that plays every role not named; an error when every {@code --policy} names a role. */
    Policy create(int maxInFlight) {
        return create(defaultSpec().orElseThrow(() -> new IllegalArgumentException(
                "give a --policy SPEC without a ROLE= for this command")), maxInFlight);
    }

    /**
     * The policies for {@code roles} (an environment's, its first the one reported on), keyed by role: each
     * {@code ROLE=SPEC} for its role, the unnamed SPEC for the rest. One policy object per distinct SPEC, so a
     * server's connection pool and counters are shared by the roles it plays.
     */
    RolePolicies createForRoles(List<String> roles, int maxInFlight) {
        var named = named();
        var unknown = new TreeSet<>(named.keySet());
        unknown.removeAll(roles);
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException("--policy names role " + String.join(", ", unknown)
                    + ", but the environment's roles are " + String.join(", ", roles));
        }
        var bySpec = new HashMap<String, Policy>();
        var out = new LinkedHashMap<String, Policy>();
        for (String role : roles) {
            var spec = Optional.ofNullable(named.get(role)).or(this::defaultSpec).orElseThrow(() -> new IllegalArgumentException(
                    "no --policy for role '" + role + "': add --policy " + role + "=SPEC or a --policy SPEC for every role not named"));
            out.put(role, bySpec.computeIfAbsent(spec, s -> create(s, maxInFlight)));
        }
        return new RolePolicies(out);
    }

    /** The policy of each role, the first role's first; closing it closes each distinct policy once. */
    record RolePolicies(Map<String, Policy> byRole) implements AutoCloseable {
        Policy primary() { return byRole.values().iterator().next(); }

        @Override
        public void close() throws Exception {
            Exception first = null;
            for (var p : new java.util.LinkedHashSet<>(byRole.values())) {
                try {
                    p.close();
                } catch (Exception e) {
                    if (first == null) first = e; else first.addSuppressed(e);
                }
            }
            if (first != null) throw first;
        }
    }

    /** Whether any {@code --policy} names a role. */
    boolean namesRoles() { return !named().isEmpty(); }

    private Optional<String> defaultSpec() {
        var unnamed = policies.stream().filter(p -> !ROLE_PREFIX.matcher(p).lookingAt()).toList();
        if (unnamed.size() > 1) throw new IllegalArgumentException("more than one --policy without a ROLE=: " + unnamed);
        return unnamed.stream().findFirst();
    }

    private Map<String, String> named() {
        var out = new LinkedHashMap<String, String>();
        for (String p : policies) {
            var m = ROLE_PREFIX.matcher(p);
            if (!m.lookingAt()) continue;
            if (out.put(m.group(1), p.substring(m.end())) != null) {
                throw new IllegalArgumentException("--policy names role '" + m.group(1) + "' twice");
            }
        }
        return out;
    }

    /** {@code ROLE=} before a SPEC; a SPEC itself has no '=' before its first ':'. */
    private static final Pattern ROLE_PREFIX = Pattern.compile("([A-Za-z][\\w-]*)=");
    private static final String OPENAI = "openai:";

    private Policy create(String spec, int maxInFlight) {
        if (spec.startsWith(EMBEDDED)) return embedded(Path.of(spec.substring(EMBEDDED.length())), maxInFlight);
        if (spec.startsWith(OPENAI)) {
            var rest = spec.substring(OPENAI.length());
            int at = rest.indexOf('@');
            var url = at < 0 ? baseUrl : rest.substring(at + 1);
            var name = at < 0 ? rest : rest.substring(0, at);
            if (name.isEmpty()) throw new IllegalArgumentException("--policy " + spec + " names no model (openai:MODEL[@URL])");
            return openAi(url, name, "--policy " + spec + " needs --base-url URL or openai:MODEL@URL", maxInFlight);
        }
        return switch (spec) {
            case "gold" -> new GoldPolicy();
            case "verifier" -> new ai.lyceum.env.feedback.VerifierTeacher(); // a teacher relaying the verifier's report
            // The self-play games' programmatic opponents (docs/selfplay.md).
            case "random-player" -> new ai.lyceum.env.selfplay.GamePlayer.Random();
            case "minimax" -> new ai.lyceum.env.selfplay.MinimaxPlayer();
            case "kuhn-equilibrium" -> new ai.lyceum.env.selfplay.KuhnEquilibriumPlayer(1.0 / 6);
            case "openai" -> openAi(baseUrl, model, "--policy openai needs --base-url URL and --model M", maxInFlight);
            default -> throw new IllegalArgumentException("unknown policy '" + spec
                    + "'; use gold, openai, openai:MODEL[@URL], embedded:DIR, (for a teacher) verifier, or (a game opponent) random-player, minimax, kuhn-equilibrium");
        };
    }

    private Policy openAi(String url, String modelName, String missing, int maxInFlight) {
        if (url == null || modelName == null) throw new IllegalArgumentException(missing);
        var endpointKind = switch (endpoint) {
            case "chat" -> OpenAiConfig.Endpoint.CHAT;
            case "completions" -> OpenAiConfig.Endpoint.COMPLETIONS;
            default -> throw new IllegalArgumentException("--endpoint must be chat or completions, was " + endpoint);
        };
        var config = OpenAiConfig.of(url, modelName).withEndpoint(endpointKind).withMaxInFlight(maxInFlight)
                .withRequestTimeout(Duration.ofMillis((long) (requestTimeoutSeconds * 1000)));
        config = config.withRetries(maxAttempts, config.backoffBase(), config.backoffMax());
        if (apiKeyEnv != null) config = config.withApiKeyEnv(apiKeyEnv);
        return new OpenAiPolicy(config);
    }

    private static final String EMBEDDED = "embedded:";

    /**
     * What a run records of the policy {@code created} from these options, so {@code --resume} refuses another one:
     * for {@code embedded:DIR} the checkpoint's content hash, since a retrained checkpoint keeps its name.
     */
    String identity(Policy created) throws java.io.IOException {
        return identity(defaultSpec().orElse(""), created);
    }

    /** As {@link #identity(Policy)}, for every role: {@code role=identity} for each when any role is named. */
    String identity(RolePolicies cast) throws java.io.IOException {
        if (!namesRoles()) return identity(cast.primary());
        var named = named();
        var parts = new java.util.ArrayList<String>();
        for (var e : cast.byRole().entrySet()) {
            parts.add(e.getKey() + "=" + identity(named.getOrDefault(e.getKey(), defaultSpec().orElse("")), e.getValue()));
        }
        return String.join(", ", parts);
    }

    private static String identity(String spec, Policy created) throws java.io.IOException {
        if (!spec.startsWith(EMBEDDED)) return created.describe();
        var dir = Path.of(spec.substring(EMBEDDED.length()));
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
