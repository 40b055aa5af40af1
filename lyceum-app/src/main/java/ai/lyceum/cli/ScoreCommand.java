package ai.lyceum.cli;

import ai.lyceum.reward.rubric.RubricBatch;
import java.io.BufferedWriter;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code lyceum score}: score stored responses without any policy. */
@Command(name = "score", mixinStandardHelpOptions = true, description = "Score responses with a reward.",
        subcommands = {ScoreCommand.Rubric.class})
final class ScoreCommand {
    @Command(name = "rubric", mixinStandardHelpOptions = true, sortOptions = false,
            footer = {"", "Examples:", "  lyceum score rubric --input graded.jsonl --judge replay",
                    "  lyceum score rubric --input answers.jsonl --judge openai --judge-base-url http://127.0.0.1:8001/v1 \\",
                    "      --judge-model Qwen/Qwen2.5-7B-Instruct --judge-cache judge.db"},
            description = {"Score each JSONL line {prompt, response, rubric} against its rubric and write it back, in order,",
                    "with 'score' and per-criterion 'verdicts' — or a 'failure' (its type) and no score when judging failed."})
    static final class Rubric implements Callable<Integer> {
        @Option(names = "--input", required = true, paramLabel = "FILE", description = "JSONL input")
        Path input;

        @Option(names = "--concurrency", defaultValue = "64", paramLabel = "N", description = "lines scored at once (default: ${DEFAULT-VALUE})")
        int concurrency;

        @Mixin
        JudgeOptionsMixin judge;

        @Override
        public Integer call() throws Exception {
            if (!Files.isRegularFile(input)) throw new IllegalArgumentException(input + ": no such file");
            try (var judgeResources = judge; var in = ai.lyceum.dataset.Utf8Lines.open(input);
                 var out = new BufferedWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8))) {
                ai.lyceum.reward.rubric.RubricBatch.Summary summary;
                try {
                    summary = new RubricBatch(judge.scorer(), concurrency).score(in, out);
                } catch (ai.lyceum.dataset.DatasetException e) {
                    throw new ai.lyceum.dataset.DatasetException(input + ": " + e.getMessage()); // "line N: ..." needs its file
                } catch (ai.lyceum.dataset.Utf8Lines.NotUtf8 e) {
                    throw new IllegalArgumentException(e.getMessage());
                }
                out.flush();
                System.err.printf("%d lines: %d scored (mean %.4f), %d failed %s%n", summary.lines(), summary.scored(),
                        summary.meanScore(), summary.failed(), summary.failures().isEmpty() ? "" : summary.failures());
            }
            return 0;
        }
    }
}
