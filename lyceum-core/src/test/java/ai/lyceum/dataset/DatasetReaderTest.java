package ai.lyceum.dataset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.lyceum.SharedData;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatasetReaderTest {
    @TempDir
    Path tmp;

    @Test
    void readsEveryGsm8kRowWithItsLocation() throws Exception {
        var file = SharedData.file("gsm8k/test.jsonl");
        var rows = DatasetReader.read(file);
        assertThat(rows).hasSize(1319);
        assertThat(rows.get(0).location()).isEqualTo(file + ":1");
        assertThat(rows.get(0).fields().get("answer").asText()).contains("####");
    }

    @Test
    void readsGzippedJsonl() throws Exception {
        var rows = DatasetReader.read(SharedData.file("humaneval/HumanEval.jsonl.gz"));
        assertThat(rows).hasSize(164);
        assertThat(rows.get(163).fields().get("task_id").asText()).isEqualTo("HumanEval/163");
    }

    @Test
    void readsParquetWithNestedFieldsAsJson() throws Exception {
        var file = tmp.resolve("tasks.parquet");
        try (var db = DriverManager.getConnection("jdbc:duckdb:"); var s = db.createStatement()) {
            s.execute("COPY (SELECT 'q' || i AS question, CAST(i AS VARCHAR) AS answer, [i, i + 1] AS pair,"
                    + " {'level': i} AS meta FROM range(3) t(i)) TO '" + file + "' (FORMAT PARQUET)");
        }
        var rows = DatasetReader.read(file);
        assertThat(rows).hasSize(3);
        assertThat(rows.get(2).fields().get("question").asText()).isEqualTo("q2");
        assertThat(rows.get(2).fields().get("pair").get(1).asInt()).isEqualTo(3);
        assertThat(rows.get(2).fields().at("/meta/level").asInt()).isEqualTo(2);
        assertThat(rows.get(2).location()).isEqualTo(file + ":row 3");
    }

    @Test
    void namesTheFileAndLineOfMalformedJson() throws Exception {
        var file = write("bad.jsonl", "{\"a\": 1}\n\n{\"a\": 2\n");
        assertThatThrownBy(() -> DatasetReader.read(file))
                .isInstanceOf(DatasetException.class)
                .hasMessageStartingWith(file + ":3: invalid JSON");
    }

    @Test
    void rejectsALineThatIsNotAnObject() throws Exception {
        var file = write("array.jsonl", "{\"a\": 1}\n[1, 2]\n");
        assertThatThrownBy(() -> DatasetReader.read(file)).hasMessage(file + ":2: expected a JSON object, found ARRAY");
    }

    @Test
    void namesACorruptGzipFile() throws Exception {
        var file = write("corrupt.jsonl.gz", "this is not gzip");
        assertThatThrownBy(() -> DatasetReader.read(file)).isInstanceOf(DatasetException.class)
                .hasMessageContaining(file.toString());
    }

    @Test
    void rejectsAnUnknownExtensionAndAMissingFile() throws Exception {
        var csv = write("tasks.csv", "a,b\n");
        assertThatThrownBy(() -> DatasetReader.read(csv)).hasMessageContaining("unknown format");
        assertThatThrownBy(() -> DatasetReader.read(tmp.resolve("nope.jsonl"))).hasMessageContaining("no such file");
    }

    @Test
    void mapsFieldsToTasksAndNamesAMissingField() throws Exception {
        var file = tmp.resolve("t.jsonl.gz");
        try (var out = new GZIPOutputStream(Files.newOutputStream(file))) {
            out.write("{\"q\": \"2+2?\", \"a\": 4, \"meta\": {\"id\": \"x\"}}\n{\"q\": \"3+3?\"}\n".getBytes(StandardCharsets.UTF_8));
        }
        var rows = DatasetReader.read(file);
        var mapping = FieldMapping.of("toy", "q", "a").withIdField("meta.id").withTemplate(q -> "Q: " + q);
        var task = mapping.map(rows.get(0));
        assertThat(task.id()).isEqualTo("toy-x");
        assertThat(task.prompt().get(0).content()).isEqualTo("Q: 2+2?");
        assertThat(task.reference()).contains("4");
        assertThat(task.metadata()).containsKey("meta");
        assertThatThrownBy(() -> FieldMapping.of("toy", "q", "a").map(rows.get(1)))
                .hasMessage(file + ":2: missing field 'a'");
    }

    @Test
    void acceptsChatMessagesAsThePrompt() throws Exception {
        var file = write("chat.jsonl", "{\"prompt\": [{\"role\": \"system\", \"content\": \"be brief\"},"
                + " {\"role\": \"user\", \"content\": \"hi\"}], \"answer\": \"hello\"}\n");
        var task = FieldMapping.of("chat", "prompt", "answer").map(DatasetReader.read(file).get(0));
        assertThat(task.prompt()).extracting(m -> m.role()).containsExactly("system", "user");
    }

    private Path write(String name, String content) throws IOException {
        var file = tmp.resolve(name);
        Files.writeString(file, content);
        return file;
    }
}
