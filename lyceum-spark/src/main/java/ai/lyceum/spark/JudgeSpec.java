package ai.lyceum.spark;

import ai.lyceum.dataset.DatasetException;
import ai.lyceum.policy.openai.OpenAiConfig;
import ai.lyceum.reward.judge.JudgeOptions;
import ai.lyceum.reward.judge.Judges;
import ai.lyceum.reward.rubric.Aggregation;
import ai.lyceum.reward.rubric.Grading;
import ai.lyceum.reward.rubric.Judge;
import ai.lyceum.reward.rubric.RubricScorer;
import ai.lyceum.reward.rubric.RubricWeighting;
import java.io.Serializable;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The judge a rubric job uses, as a value Spark ships to executors (no API key inside: only the name of the
 * variable that holds it on each executor). Each executor JVM opens one judge per spec and shares it among its
 * tasks, so the in-flight cap is per executor: the job's global cap divided by the executors.
 *
 * @param judge            {@code openai} or {@code replay}, as {@code lyceum score rubric --judge}
 * @param baseUrl          the judge server, or "" for none ({@code Optional} is not serializable)
 * @param model            the judge model, or ""
 * @param apiKeyEnv        the variable holding the API key, or ""
 * @param maxInFlightEach  judge requests in flight at most in one executor
 */
record JudgeSpec(String judge, String baseUrl, String model, String apiKeyEnv, String mode,
                 String aggregation, String grading, boolean clip, int maxInFlightEach) implements Serializable {
    private static final Map<JudgeSpec, Judge> OPEN = new ConcurrentHashMap<>();

    JudgeSpec {
        baseUrl = baseUrl == null ? "" : baseUrl;
        model = model == null ? "" : model;
        apiKeyEnv = apiKeyEnv == null ? "" : apiKeyEnv;
        if (maxInFlightEach < 1) throw new IllegalArgumentException("in-flight cap must be >= 1, was " + maxInFlightEach);
    }

    /** The scorer {@code lyceum score rubric} would build from the same options, over this executor's shared judge. */
    RubricScorer scorer() {
        var grades = switch (grading) {
            case "binary" -> Grading.BINARY;
            case "ternary" -> Grading.TERNARY;
            default -> throw new IllegalArgumentException("--grading must be binary or ternary, was " + grading);
        };
        var judge = OPEN.computeIfAbsent(this, JudgeSpec::open);
        return new RubricScorer(judge, Aggregation.parse(aggregation, grades, clip), RubricWeighting.DATA_INTEGER);
    }

    private Judge open() {
        Optional<OpenAiConfig> server = Optional.empty();
        if (!baseUrl.isEmpty() && !model.isEmpty()) {
            var config = OpenAiConfig.of(baseUrl, model).withMaxInFlight(maxInFlightEach);
            server = Optional.of(apiKeyEnv.isEmpty() ? config : config.withApiKeyEnv(apiKeyEnv));
        }
        try {
            return Judges.fromSpec(judge, JudgeOptions.defaults().withMode(JudgeOptions.Mode.parse(mode)), server, Optional.empty());
        } catch (DatasetException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }
}
