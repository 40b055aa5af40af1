package ai.lyceum.reward.rubric;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.lyceum.dataset.DatasetException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RubricLoadersTest {
    @TempDir
    Path dir;

    static final String RAR_LINE = """
            {"question": "How much bicarbonate?", "reference_answer": "About 150 mEq.", "question_source": "medical-o1",
             "rubric": [
              {"title": "Bicarbonate Calculation", "weight": 5, "description": "Essential Criteria: Applies the formula."},
              {"title": "Partial Correction", "weight": 4, "description": "Important Criteria: Explains partial correction."},
              {"title": "Acidosis", "weight": 2, "description": "Optional Criteria: Notes severe acidosis."},
              {"title": "Overcorrection Risk", "weight": -1, "description": "Pitfall Criteria: Does not mention overcorrection risks."},
              {"title": "Odd", "weight": 1, "description": "essential criteria: lower-case prefix."}],
             "rubric_list": ["a", "b", "c", "d", "e"], "rubric_count": 5}
            """.replace("\n", " ");

    @Test
    void readsRarRowsWithCategoriesFromPrefixes() throws Exception {
        var file = Files.writeString(dir.resolve("rar.jsonl"), RAR_LINE + "\n");
        var example = RarExample.read(file).getFirst();
        assertThat(example.rubric().criteria()).extracting(Criterion::category)
                .containsExactly(Category.ESSENTIAL, Category.IMPORTANT, Category.OPTIONAL, Category.PITFALL, Category.UNKNOWN);
        assertThat(example.rubricCount()).isEqualTo(5);
        var task = example.toTask("rar-0");
        assertThat(task.reference()).contains("About 150 mEq.");
        var back = RubricJson.fromMetadata(task.metadata().get(RubricJson.METADATA_KEY), "task");
        assertThat(back).isEqualTo(example.rubric());
    }

    @Test
    void readsRarParquetShards() throws Exception {
        var jsonl = Files.writeString(dir.resolve("rar.jsonl"), RAR_LINE + "\n");
        var parquet = dir.resolve("train-00000.parquet");
        try (var db = DriverManager.getConnection("jdbc:duckdb:"); var s = db.createStatement()) {
            s.execute("COPY (SELECT * FROM read_json_auto('" + jsonl + "')) TO '" + parquet + "' (FORMAT PARQUET)");
        }
        var example = RarExample.read(parquet).getFirst();
        assertThat(example.rubric().size()).isEqualTo(5);
        assertThat(example.rubric().get(3).weight()).isEqualTo(-1.0);
        assertThat(example.question()).isEqualTo("How much bicarbonate?");
    }

    @Test
    void rejectsARubricCountThatDisagreesWithTheRubric() throws Exception {
        var file = Files.writeString(dir.resolve("bad.jsonl"), RAR_LINE.replace("\"rubric_count\": 5", "\"rubric_count\": 6") + "\n");
        assertThatThrownBy(() -> RarExample.read(file)).isInstanceOf(DatasetException.class)
                .hasMessageContaining("bad.jsonl:1").hasMessageContaining("rubric_count 6");
    }

    @Test
    void rejectsAPitfallWithPositiveWeightInTheDataConvention() throws Exception {
        var file = Files.writeString(dir.resolve("mixed.jsonl"),
                "{\"prompt\": \"q\", \"rubric\": [{\"description\": \"Pitfall Criteria: Recommends X.\", \"weight\": 0.9}]}\n");
        assertThatThrownBy(() -> RubricTasks.read(file)).hasMessageContaining("mixed.jsonl:1")
                .hasMessageContaining("pitfall with positive weight");
    }

    @Test
    void readsResearchRubricsTasksWithAxesAndFloatWeights() throws Exception {
        var file = Files.writeString(dir.resolve("rr.jsonl"), """
                {"prompt": "Write a report.", "sample_id": "6847465956a0f6376a605355", "domain": "AI & ML", "conceptual_breadth": "Moderate", "logical_nesting": "Intermediate", "exploration": "Medium", "rubrics": [{"criterion": "Describes one application per stage.", "weight": 5.0, "axis": "Explicit Criteria"}, {"criterion": "Uses deterministic language for speculative claims.", "weight": -4.0, "axis": "Implicit Criteria"}]}
                """);
        var task = RrTask.read(file).getFirst();
        assertThat(task.domain()).isEqualTo("AI & ML");
        assertThat(task.rubrics().get(1).weight()).isEqualTo(-4.0);
        assertThat(task.rubrics().get(1).axis()).contains("Implicit Criteria");
        assertThat(task.rubrics().get(1).pitfall()).isTrue();
        assertThat(RubricTasks.read(file).getFirst().id()).isEqualTo("6847465956a0f6376a605355");
    }

    @Test
    void readsGenericLinesWithChecksAndChatPrompts() throws Exception {
        var file = Files.writeString(dir.resolve("generic.jsonl"), """
                {"id": 7, "prompt": [{"role": "system", "content": "Be brief."}, {"role": "user", "content": "1/2 as decimal?"}], "reference": "0.5", "rubric": [{"criterion": "Answers 0.5", "points": 3, "check": {"type": "math", "answer": "0.5"}}, {"description": "Is polite", "weight": 1, "category": "optional", "axis": "tone"}]}
                """);
        var task = RubricTasks.read(file).getFirst();
        assertThat(task.id()).isEqualTo("7");
        assertThat(task.prompt()).hasSize(2);
        var rubric = RubricJson.fromMetadata(task.metadata().get("rubric"), "t");
        assertThat(rubric.get(0).check()).isEqualTo(new Check.MathAnswer("0.5"));
        assertThat(rubric.get(1).category()).isEqualTo(Category.OPTIONAL);
        assertThat(rubric.get(1).axis()).contains("tone");
    }

    @Test
    void namesTheItemOfAnUnknownCheckType() throws Exception {
        var file = Files.writeString(dir.resolve("c.jsonl"),
                "{\"prompt\": \"q\", \"rubric\": [{\"description\": \"d\", \"weight\": 1, \"check\": {\"type\": \"telepathy\"}}]}\n");
        assertThatThrownBy(() -> RubricTasks.read(file)).hasMessageContaining("c.jsonl:1: rubric item 1")
                .hasMessageContaining("unknown check type 'telepathy'");
    }
}
