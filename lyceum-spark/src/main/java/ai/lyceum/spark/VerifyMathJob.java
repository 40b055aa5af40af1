package ai.lyceum.spark;

import ai.lyceum.reward.math.MathVerifier;
import ai.lyceum.reward.math.MathVerifyJsonl;
import ai.lyceum.reward.math.MathVerifyOptions;
import java.io.StringReader;
import java.io.StringWriter;
import java.time.Duration;
import java.util.List;
import org.apache.spark.sql.SparkSession;

/**
 * {@code verify math} on Spark: each partition of {@code {gold, pred}} lines goes through {@link MathVerifyJsonl},
 * the code behind {@code lyceum verify math --input}, so every row gets the same {@code verdict} and
 * {@code failure} the single-machine command writes.
 */
final class VerifyMathJob {
    private VerifyMathJob() {}

    static long run(SparkSession spark, String input, String output, Duration deadline) {
        long deadlineMs = deadline.toMillis();
        return LineJob.run(spark, input, output, lines -> verify(lines, deadlineMs));
    }

    static List<String> verify(List<String> lines, long deadlineMs) throws Exception {
        var verifier = new MathVerifier(MathVerifyOptions.defaults().withDeadline(Duration.ofMillis(deadlineMs)));
        var out = new StringWriter();
        new MathVerifyJsonl(verifier).verifyJsonl(new StringReader(String.join("\n", lines)), out);
        return out.toString().lines().toList();
    }
}
