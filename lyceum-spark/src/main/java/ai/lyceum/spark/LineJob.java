package ai.lyceum.spark;

import java.io.IOException;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;

/**
 * The shape every batch job shares: input lines numbered as in the file, each partition turned into output JSON
 * lines by core code (one output line per non-blank input line, in order), then written as Parquet whose columns
 * are {@code line} and the fields of the output JSON. The output is kept (memory, then disk) between the pass that
 * computes it and the pass that reads its schema, so no answer is verified or judged twice.
 */
final class LineJob {
    /** Turns one partition's input lines, in order, into its output lines. */
    @FunctionalInterface
    interface PartitionScorer extends Serializable {
        List<String> score(List<String> lines) throws Exception;
    }

    /** A line's place in the input, for error messages and the {@code line} column. */
    record Numbered(long line, String text) implements Serializable {}

    private LineJob() {}

    /** Reads {@code input} (.parquet or a directory of Parquet files: rows as JSON; anything else: JSONL) as numbered lines. */
    static JavaRDD<Numbered> read(SparkSession spark, String input) {
        JavaRDD<String> lines = isParquet(input)
                ? spark.read().parquet(input).toJSON().javaRDD()
                : spark.read().textFile(input).javaRDD();
        return lines.zipWithIndex().map(t -> new Numbered(t._2() + 1, t._1())).filter(n -> !n.text().isBlank());
    }

    static boolean isParquet(String input) {
        return input.endsWith(".parquet") || input.endsWith(".parquet/") || input.endsWith(".pq");
    }

    /** Runs {@code scorer} over every partition and writes Parquet to {@code output}; returns the rows written. */
    static long run(SparkSession spark, String input, String output, PartitionScorer scorer) {
        var numbered = read(spark, input);
        JavaRDD<Row> scored = numbered.mapPartitions((FlatMapFunction<Iterator<Numbered>, Row>) it -> {
            var batch = new ArrayList<Numbered>();
            it.forEachRemaining(batch::add);
            var texts = batch.stream().map(Numbered::text).toList();
            List<String> out;
            try {
                out = scorer.score(texts);
            } catch (ai.lyceum.dataset.DatasetException e) {
                throw new IOException(input + ":" + located(e.getMessage(), batch), e);
            }
            if (out.size() != batch.size()) {
                throw new IllegalStateException("partition gave " + out.size() + " output lines for " + batch.size() + " input lines");
            }
            var rows = new ArrayList<Row>(out.size());
            for (int i = 0; i < out.size(); i++) rows.add(RowFactory.create(batch.get(i).line(), out.get(i)));
            return rows.iterator();
        });
        var schema = new StructType().add("line", DataTypes.LongType, false).add("json", DataTypes.StringType, false);
        Dataset<Row> raw = spark.createDataFrame(scored, schema).persist(StorageLevel.MEMORY_AND_DISK());
        try {
            var fields = spark.read().json(raw.select("json").as(Encoders.STRING())).schema();
            var table = raw.select(functions.col("line"), functions.from_json(functions.col("json"), fields).as("r")).select("line", "r.*");
            table.write().mode(SaveMode.ErrorIfExists).parquet(output);
            return raw.count();
        } finally {
            raw.unpersist();
        }
    }

    /** Core batch code names partition-relative lines ("line 3: ..."); this names the input file's line. */
    static String located(String message, List<Numbered> batch) {
        var m = java.util.regex.Pattern.compile("^line (\\d+): ").matcher(message);
        if (!m.find()) return " " + message;
        int k = Integer.parseInt(m.group(1)) - 1;
        return k >= 0 && k < batch.size() ? batch.get(k).line() + ": " + message.substring(m.end()) : " " + message;
    }

}
