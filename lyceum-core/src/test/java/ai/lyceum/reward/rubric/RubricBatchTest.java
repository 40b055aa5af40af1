package ai.lyceum.reward.rubric;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.lyceum.dataset.DatasetException;
import ai.lyceum.reward.judge.ReplayJudge;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RubricBatchTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    static final String LINES = """
            {"id": "a", "prompt": "q1", "response": "r1", "rubric": [{"description": "d1", "weight": 5}, {"criterion": "d2", "points": 3}, {"description": "d3", "weight": -2}], "verdicts": ["satisfied", "partially_satisfied", "satisfied"], "rating": 7}

            {"id": "b", "prompt": [{"role": "user", "content": "q2"}], "response": "r2", "rubric": [{"description": "d1", "weight": -1}, {"description": "d2", "weight": -2}], "verdicts": [false, true], "rating": 3}
            {"id": "c", "prompt": "q3", "response": "r3", "rubric": [{"description": "d1", "weight": 1}], "verdicts": ["maybe"], "rating": 12}
            """;

    static List<com.fasterxml.jackson.databind.JsonNode> run(RubricBatch batch, String input) throws Exception {
        var out = new StringWriter();
        batch.score(new StringReader(input), out);
        var nodes = new ArrayList<com.fasterxml.jackson.databind.JsonNode>();
        for (var line : out.toString().split("\n")) nodes.add(JSON.readTree(line));
        return nodes;
    }

    @Test
    void writesScoresAndVerdictsOrFailuresLineByLineInOrder() throws Exception {
        var scorer = new RubricScorer(ReplayJudge.fromInputs(), Aggregation.explicit(Grading.TERNARY), RubricWeighting.DATA_INTEGER);
        var out = run(new RubricBatch(scorer, 4), LINES);
        assertThat(out).extracting(n -> n.get("id").asText()).containsExactly("a", "b", "c");
        assertThat(out.get(0).get("score").asDouble()).isEqualTo((5 + 1.5 - 2) / 8.0);
        assertThat(out.get(0).get("verdicts").get(1).get("verdict").asText()).isEqualTo("partially_satisfied");
        assertThat(out.get(0).get("verdicts").get(1).get("score").asDouble()).isEqualTo(0.5);
        assertThat(out.get(1).has("score")).isFalse(); // all pitfalls: undefined under the data convention
        assertThat(out.get(1).get("failure").asText()).isEqualTo("reward_error");
        assertThat(out.get(2).has("score")).isFalse();
        assertThat(out.get(2).get("failure").asText()).isEqualTo("parse");
    }

    @Test
    void rescoresItsOwnOutputWithTheSameResult() throws Exception {
        var scorer = new RubricScorer(ReplayJudge.fromInputs(), Aggregation.explicit(Grading.BINARY), RubricWeighting.DATA_INTEGER);
        var first = new StringWriter();
        new RubricBatch(scorer, 2).score(new StringReader(LINES.lines().limit(1).findFirst().get()), first);
        var again = run(new RubricBatch(scorer, 2), first.toString());
        assertThat(again.getFirst().get("score").asDouble()).isEqualTo((5 - 2) / 8.0);
    }

    @Test
    void implicitScoresComeFromTheRating() throws Exception {
        var scorer = new RubricScorer(ReplayJudge.fromInputs(), Aggregation.parse("implicit", Grading.BINARY, false), RubricWeighting.DATA_INTEGER);
        var out = run(new RubricBatch(scorer, 3), LINES);
        assertThat(out.get(0).get("score").asDouble()).isEqualTo(6 / 9.0);
        assertThat(out.get(0).get("rating").asInt()).isEqualTo(7);
        assertThat(out.get(1).get("score").asDouble()).isEqualTo(2 / 9.0);
        assertThat(out.get(2).get("failure").asText()).isEqualTo("reward_error"); // 12 is not a 1–10 rating
    }

    @Test
    void replaysGradesFromAFileById() throws Exception {
        var grades = Files.writeString(dir.resolve("grades.jsonl"), """
                {"id": "a", "verdicts": [{"verdict": "not_satisfied", "explanation": "human"}, "satisfied", "not_satisfied"]}
                """);
        var scorer = new RubricScorer(ReplayJudge.fromFile(grades), Aggregation.explicit(Grading.TERNARY), RubricWeighting.DATA_INTEGER);
        var out = run(new RubricBatch(scorer, 1), LINES);
        assertThat(out.get(0).get("score").asDouble()).isEqualTo(3 / 8.0);
        assertThat(out.get(0).get("verdicts").get(0).get("explanation").asText()).isEqualTo("human");
        assertThat(out.get(1).get("failure_detail").asText()).contains("no replayed verdicts for 'b'");
    }

    @Test
    void keepsInputOrderWhenLaterLinesFinishFirst() throws Exception {
        var slowFirst = new RubricScorerTest.FixedJudge(List.of(Verdict.SATISFIED), 5) {
            @Override
            public List<CriterionOutcome> grade(JudgeInput input, List<Integer> criteria) {
                try {
                    Thread.sleep(Long.parseLong(input.id().substring(1)) % 7 * 3);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return List.of(new CriterionOutcome.Graded(Integer.parseInt(input.id().substring(1)) % 2 == 0
                        ? Verdict.SATISFIED : Verdict.NOT_SATISFIED, "fixed", Map.of()));
            }
        };
        var input = new StringBuilder();
        for (int i = 0; i < 200; i++) {
            input.append("{\"id\": \"x").append(i).append("\", \"prompt\": \"q\", \"response\": \"r\", \"rubric\": [{\"description\": \"d\", \"weight\": 1}]}\n");
        }
        var out = run(new RubricBatch(new RubricScorer(slowFirst, Aggregation.explicit(Grading.BINARY), RubricWeighting.DATA_INTEGER), 16),
                input.toString());
        for (int i = 0; i < 200; i++) {
            assertThat(out.get(i).get("id").asText()).isEqualTo("x" + i);
            assertThat(out.get(i).get("score").asDouble()).isEqualTo(i % 2 == 0 ? 1.0 : 0.0);
        }
    }

    @Test
    void aMalformedLineStopsTheRunNamingItsLine() {
        var scorer = new RubricScorer(ReplayJudge.fromInputs(), Aggregation.explicit(Grading.BINARY), RubricWeighting.DATA_INTEGER);
        var input = LINES + "{\"prompt\": \"q\", \"rubric\": [{\"description\": \"d\", \"weight\": 1}]}\n";
        assertThatThrownBy(() -> new RubricBatch(scorer, 2).score(new StringReader(input), new StringWriter()))
                .isInstanceOf(DatasetException.class).hasMessageContaining("line 5").hasMessageContaining("'response'");
    }
}
