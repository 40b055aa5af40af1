package ai.lyceum.dataset;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;

/**
 * Reads a data set file into JSON rows. The format follows the name: {@code .jsonl}/{@code .json} (one JSON
 * object per line; blank lines skipped), {@code .jsonl.gz}, or {@code .parquet} (through DuckDB, so nested
 * lists and structs arrive as JSON too). A malformed record fails the whole read with its file and line.
 */
public final class DatasetReader {
    private static final ObjectMapper JSON = new ObjectMapper();

    private DatasetReader() {}

    public static List<Row> read(Path file) throws DatasetException {
        if (!Files.isRegularFile(file)) throw new DatasetException(file + ": no such file");
        var name = file.getFileName().toString().toLowerCase();
        try {
            if (name.endsWith(".parquet")) return readParquet(file);
            if (name.endsWith(".jsonl.gz") || name.endsWith(".json.gz")) {
                try (var in = new GZIPInputStream(Files.newInputStream(file), 1 << 16)) {
                    return readJsonl(file, in);
                }
            }
            if (name.endsWith(".jsonl") || name.endsWith(".json")) {
                try (var in = Files.newInputStream(file)) {
                    return readJsonl(file, in);
                }
            }
        } catch (IOException e) {
            throw new DatasetException(file + ": cannot read: " + e.getMessage(), e);
        }
        throw new DatasetException(file + ": unknown format; expected .jsonl, .jsonl.gz or .parquet");
    }

    private static List<Row> readJsonl(Path file, InputStream in) throws IOException, DatasetException {
        var reader = Utf8Lines.open(in, file);
        var rows = new ArrayList<Row>();
        String line;
        long lineNo = 0;
        while ((line = readLine(file, reader)) != null) {
            lineNo++;
            if (line.isBlank()) continue;
            var where = file + ":" + lineNo;
            JsonNode node;
            try {
                node = JSON.readTree(line);
            } catch (JsonProcessingException e) {
                throw new DatasetException(where + ": invalid JSON: " + e.getOriginalMessage());
            }
            if (!(node instanceof ObjectNode object)) {
                throw new DatasetException(where + ": expected a JSON object, found " + node.getNodeType());
            }
            rows.add(new Row(object, rows.size(), where));
        }
        return rows;
    }

    private static String readLine(Path file, Utf8Lines reader) throws IOException, DatasetException {
        try {
            return reader.readLine();
        } catch (Utf8Lines.NotUtf8 e) {
            throw new DatasetException(e.getMessage());
        }
    }

    private static List<Row> readParquet(Path file) throws DatasetException {
        // DuckDB renders each row as one JSON object, nested types included, so both formats share one path.
        var sql = "SELECT to_json(t)::VARCHAR FROM read_parquet(?) t";
        try (var db = DriverManager.getConnection("jdbc:duckdb:");
             var statement = db.prepareStatement(sql)) {
            statement.setString(1, file.toString());
            var rows = new ArrayList<Row>();
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    var where = file + ":row " + (rows.size() + 1);
                    try {
                        rows.add(new Row((ObjectNode) JSON.readTree(rs.getString(1)), rows.size(), where));
                    } catch (JsonProcessingException e) {
                        throw new DatasetException(where + ": unreadable row: " + e.getOriginalMessage());
                    }
                }
            }
            return rows;
        } catch (SQLException e) {
            throw new DatasetException(file + ": not a readable Parquet file: " + e.getMessage(), e);
        }
    }
}
