package ai.lyceum.cli;

import ai.lyceum.reward.math.MathVerifier;
import ai.lyceum.reward.math.MathVerifyJsonl;
import ai.lyceum.reward.math.MathVerifyOptions;
import java.io.BufferedWriter;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code lyceum verify}: run a verifier by hand or over a file. */
@Command(name = "verify", mixinStandardHelpOptions = true, description = "Check answers with a verifier.",
        subcommands = {VerifyCommand.Math.class})
final class VerifyCommand {
    @Command(name = "math", mixinStandardHelpOptions = true, sortOptions = false,
            footer = {"", "Examples:", "  lyceum verify math --gold '\\frac{1}{2}' --pred 'so the answer is \\boxed{0.5}'   # true",
                    "  lyceum verify math --input pairs.jsonl > verdicts.jsonl"},
            description = {"Is a predicted math answer equivalent to the gold one? Prints true or false,",
                    "or with --input copies each JSONL line ({gold, pred}; pred may be a whole model",
                    "response) to stdout with a boolean 'verdict' added (and 'failure' when the",
                    "answer could not be read). A line may carry its own precision, strict,",
                    "ordered_lists, allow_set_relation, last_number or targets fields; see",
                    "docs/verifier.md."})
    static final class Math implements Callable<Integer> {
        static final class Single {
            @Option(names = "--gold", required = true, paramLabel = "G", description = "the gold answer") String gold;
            @Option(names = "--pred", required = true, paramLabel = "P", description = "the prediction or whole response") String pred;
        }

        static final class Source {
            @ArgGroup(exclusive = false) Single single;
            @Option(names = "--input", paramLabel = "FILE", description = "JSONL of {gold, pred} lines") Path input;
        }

        @ArgGroup(exclusive = true, multiplicity = "1")
        Source source;

        @Option(names = "--deadline-ms", defaultValue = "1000", description = "per-answer deadline (default: ${DEFAULT-VALUE})")
        long deadlineMs;

        @Option(names = "--precision", defaultValue = "6", paramLabel = "N",
                description = "decimals compared when a side is written as a decimal (Math-Verify's float_rounding); "
                        + "values below 0.1 count from their first significant digit, up to the digits given (default: ${DEFAULT-VALUE})")
        int precision;

        @Option(names = "--strict", negatable = true, defaultValue = "true", fallbackValue = "true",
                description = "variable names matter (default); --no-strict pairs them in order, so f(x) matches f(y)")
        boolean strict;

        @Option(names = "--ordered-lists", description = "a bare list 10, 4, -2 is ordered (MATH's convention); default: a set")
        boolean orderedLists;

        @Option(names = "--allow-set-relation", description = "let a relation in the prediction (-2 \\le x \\le 7) match a set gold ([-2,7])")
        boolean allowSetRelation;

        @Option(names = "--last-number", description = "with no box, marker or LaTeX span, take the last number in the text")
        boolean lastNumber;

        MathVerifyOptions options() {
            if (precision < 0 || precision > 30) throw new IllegalArgumentException("--precision must be in 0..30, was " + precision);
            if (deadlineMs < 1) throw new IllegalArgumentException("--deadline-ms must be >= 1, was " + deadlineMs);
            return MathVerifyOptions.defaults().withDeadline(java.time.Duration.ofMillis(deadlineMs)).withFloatRounding(precision)
                    .withStrict(strict).withOrderedLists(orderedLists).withAllowSetRelation(allowSetRelation)
                    .withLastNumberFallback(lastNumber);
        }

        @Override
        public Integer call() throws Exception {
            var verifier = new MathVerifier(options());
            if (source.single != null) {
                var verdict = verifier.verify(source.single.gold, source.single.pred);
                System.out.println(verdict.isTrue());
                verdict.failure().ifPresent(f -> System.err.println("lyceum: " + f.type() + ": " + f.detail()));
                return 0;
            }
            if (!Files.isRegularFile(source.input)) throw new IllegalArgumentException(source.input + ": no such file");
            try (var in = ai.lyceum.dataset.Utf8Lines.open(source.input);
                 var out = new BufferedWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8))) {
                ai.lyceum.reward.math.MathVerifyJsonl.Summary summary;
                try {
                    summary = new MathVerifyJsonl(verifier).verifyJsonl(in, out);
                } catch (ai.lyceum.dataset.Utf8Lines.NotUtf8 e) {
                    throw new IllegalArgumentException(e.getMessage());
                }
                out.flush();
                System.err.printf("%d lines: %d true, %d false, %d failures%n", summary.lines(), summary.verifiedTrue(),
                        summary.lines() - summary.verifiedTrue() - summary.failures(), summary.failures());
            }
            return 0;
        }
    }
}
