package ai.lyceum.cli;

import ai.lyceum.policy.openai.OpenAiConfig;
import java.nio.file.Path;
import java.util.Optional;
import picocli.CommandLine.Option;

/** Which judge and how to reach it: shared by {@code score rubric}, {@code eval} and {@code researchrubrics grade}. */
final class JudgeServerOptions {
    @Option(names = "--judge", defaultValue = "openai", paramLabel = "openai|replay[:FILE]",
            description = "who grades: a model, or stored verdicts replayed (default: ${DEFAULT-VALUE})")
    String judge;

    @Option(names = "--judge-base-url", paramLabel = "URL", description = "judge server base URL including /v1")
    String baseUrl;

    @Option(names = "--judge-model", paramLabel = "M", description = "judge model name")
    String model;

    @Option(names = "--judge-api-key-env", paramLabel = "VAR", description = "environment variable holding the judge's API key")
    String apiKeyEnv;

    @Option(names = "--judge-cache", paramLabel = "FILE", description = "SQLite cache of judge replies, keyed by model and prompt")
    Path cacheFile;

    /** The judge server, when both its URL and model were given. */
    Optional<OpenAiConfig> openAi() {
        if (baseUrl == null || model == null) return Optional.empty();
        var config = OpenAiConfig.of(baseUrl, model);
        return Optional.of(apiKeyEnv != null ? config.withApiKeyEnv(apiKeyEnv) : config);
    }
}
