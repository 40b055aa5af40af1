package ai.lyceum.spark;

import ai.lyceum.reward.rubric.RubricBatch;
import java.io.StringReader;
import java.io.StringWriter;
import java.util.List;
import org.apache.spark.sql.SparkSession;

/**
 * {@code score rubric} on Spark: each partition of {@code {prompt, response, rubric}} lines goes through
 * {@link RubricBatch}, the code behind {@code lyceum score rubric}, with up to {@code concurrency} lines in flight;
 * rows get the same {@code score}, {@code verdicts} or typed {@code failure} and {@code failure_detail}.
 */
final class ScoreRubricJob {
    private ScoreRubricJob() {}

    static long run(SparkSession spark, String input, String output, JudgeSpec judge, int concurrency) {
        return LineJob.run(spark, input, output, lines -> score(lines, judge, concurrency));
    }

    static List<String> score(List<String> lines, JudgeSpec judge, int concurrency) throws Exception {
        var out = new StringWriter();
        new RubricBatch(judge.scorer(), concurrency).score(new StringReader(String.join("\n", lines)), out);
        return out.toString().lines().toList();
    }
}
