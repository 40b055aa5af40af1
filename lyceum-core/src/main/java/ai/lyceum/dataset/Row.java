package ai.lyceum.dataset;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * One record of a data set as JSON, with where it came from ({@code file:line} for JSONL, {@code file:row N}
 * for Parquet) so that every later error can name its source.
 *
 * @param index 0-based position in the file
 */
public record Row(ObjectNode fields, long index, String location) {}
