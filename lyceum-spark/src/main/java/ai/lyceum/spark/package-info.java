/**
 * Batch jobs on Apache Spark: {@code verify math}, {@code score rubric} and {@code eval}, partition by partition
 * through the same core code as {@code lyceum verify math --input}, {@code lyceum score rubric} and {@code lyceum
 * eval}, written as Parquet with the same fields (plus the input line number for the line jobs). Spark schedules, retries failed tasks and
 * moves the data; nothing here distributes work by hand. Entry point: {@link ai.lyceum.spark.LyceumSpark}.
 */
package ai.lyceum.spark;
