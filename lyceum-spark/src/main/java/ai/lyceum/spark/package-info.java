/**
 * Batch jobs on Apache Spark: {@code verify math}, {@code score rubric} and {@code eval}, partition
 * by partition through the same core code as {@code lyceum verify math --input} and {@code lyceum score rubric},
 * written as Parquet with the same fields plus the input line number. Spark schedules, retries failed tasks and
 * moves the data; nothing here distributes work by hand. Entry point: {@link ai.lyceum.spark.LyceumSpark}.
 */
package ai.lyceum.spark;
