package ai.lyceum.reward.judge;

import ai.lyceum.dataset.DatasetException;
import ai.lyceum.policy.openai.OpenAiConfig;
import ai.lyceum.policy.openai.OpenAiPolicy;
import ai.lyceum.reward.rubric.Judge;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Builds the judge a {@code --judge} option names: {@code openai} (an {@link LlmJudge} over an
 * {@link OpenAiPolicy}), {@code replay} (grades from each input's own {@code verdicts}/{@code rating}) or
 * {@code replay:FILE} (grades from a JSONL file of {@code {id, verdicts, rating}}).
 */
public final class Judges {
    private Judges() {}

    /**
     * @param openai required for {@code openai}: base URL and model ({@code OpenAiConfig.of(url, model)}, plus any
     *               API-key variable and in-flight bound)
     * @param cache  replies cache for {@code openai}; ignored by replay judges
     * @return a judge the caller closes (an {@code openai} judge closes its HTTP client)
     */
    public static Judge fromSpec(String spec, JudgeOptions options, Optional<OpenAiConfig> openai,
                                 Optional<JudgeCache> cache) throws DatasetException {
        var s = spec.strip();
        if (s.equals("openai")) {
            var config = openai.orElseThrow(() -> new IllegalArgumentException(
                    "--judge openai needs --judge-base-url and --judge-model"));
            return LlmJudge.owning(new OpenAiPolicy(config), options, cache);
        }
        if (s.equals("replay")) return ReplayJudge.fromInputs();
        if (s.startsWith("replay:") && s.length() > "replay:".length()) {
            return ReplayJudge.fromFile(Path.of(s.substring("replay:".length())));
        }
        throw new IllegalArgumentException("unknown judge '" + spec + "'; expected openai, replay or replay:FILE");
    }
}
