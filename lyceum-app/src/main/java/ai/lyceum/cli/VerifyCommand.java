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
            description = {"Is a predicted math answer equivalent to the gold one? Prints true or false, or with --input",
                    "copies each JSONL line ({gold, pred}; pred may be a whole model response) to stdout with a",
                    "boolean 'verdict' added (and 'failure' when the answer could not be read)."})
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

        @Override
        public Integer call() throws Exception {
            var verifier = new MathVerifier(MathVerifyOptions.defaults().withDeadline(java.time.Duration.ofMillis(deadlineMs)));
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
