package ai.lyceum.cli;

import ai.lyceum.dataset.DatasetException;
import ai.lyceum.reward.judge.JudgeCache;
import ai.lyceum.reward.judge.JudgeOptions;
import ai.lyceum.reward.judge.Judges;
import ai.lyceum.reward.rubric.Aggregation;
import ai.lyceum.reward.rubric.Grading;
import ai.lyceum.reward.rubric.Judge;
import ai.lyceum.reward.rubric.RubricScorer;
import ai.lyceum.reward.rubric.RubricWeighting;
import java.io.IOException;
import java.util.Optional;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** The options that choose a judge and how its verdicts become a score; shared by eval and score. */
final class JudgeOptionsMixin implements AutoCloseable {
    @Mixin
    JudgeServerOptions server;

    @Option(names = "--judge-mode", defaultValue = "per-criterion", paramLabel = "per-criterion|batched",
            description = "one judge call per criterion, or all criteria in one call (default: ${DEFAULT-VALUE})")
    String mode;

    @Option(names = "--judge-concurrency", defaultValue = "256", paramLabel = "N",
            description = "judge requests in flight at most (default: ${DEFAULT-VALUE})")
    int concurrency;

    @Option(names = "--aggregation", defaultValue = "explicit", paramLabel = "explicit|implicit|direct-likert|reference-likert",
            description = "how verdicts become a score (default: ${DEFAULT-VALUE})")
    String aggregation;

    @Option(names = "--grading", defaultValue = "ternary", paramLabel = "binary|ternary",
            description = "criterion values {0,1} or {0,½,1} (default: ${DEFAULT-VALUE})")
    String grading;

    @Option(names = "--clip", description = "clip explicit scores to [0, 1] (HealthBench does)")
    boolean clip;

    private Judge opened;
    private JudgeCache cache;

    /** A scorer over a freshly opened judge; closed with this mixin. */
    RubricScorer scorer() throws IOException, DatasetException {
        var grades = switch (grading) {
            case "binary" -> Grading.BINARY;
            case "ternary" -> Grading.TERNARY;
            default -> throw new IllegalArgumentException("--grading must be binary or ternary, was " + grading);
        };
        var options = JudgeOptions.defaults().withMode(JudgeOptions.Mode.parse(mode));
        var openai = server.openAi().map(c -> c.withMaxInFlight(concurrency));
        if (server.cacheFile != null) cache = JudgeCache.open(server.cacheFile);
        opened = Judges.fromSpec(server.judge, options, openai, Optional.ofNullable(cache));
        return new RubricScorer(opened, Aggregation.parse(aggregation, grades, clip), RubricWeighting.DATA_INTEGER);
    }

    @Override
    public void close() {
        if (opened != null) opened.close();
        if (cache != null) cache.close();
    }
}
