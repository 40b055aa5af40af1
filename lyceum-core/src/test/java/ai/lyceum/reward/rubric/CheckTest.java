package ai.lyceum.reward.rubric;

import static org.assertj.core.api.Assertions.assertThat;

import ai.lyceum.failure.Failure;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class CheckTest {
    private static Verdict verdict(Check.Programmatic check, String response) {
        return ((CriterionOutcome.Graded) check.evaluate(response)).verdict();
    }

    @Test
    void eachProgrammaticCheckDecidesFromTheText() throws Exception {
        assertThat(verdict(Check.Regex.of("\\bmetformin\\b"), "Start metformin today.")).isEqualTo(Verdict.SATISFIED);
        assertThat(verdict(new Check.Contains("Insulin", true), "no insulin")).isEqualTo(Verdict.SATISFIED);
        assertThat(verdict(new Check.Contains("Insulin", false), "no insulin")).isEqualTo(Verdict.NOT_SATISFIED);
        assertThat(verdict(new Check.Length(1, 3, Check.Length.Unit.WORDS), "one two three four")).isEqualTo(Verdict.NOT_SATISFIED);
        assertThat(verdict(new Check.MathAnswer("\\frac{1}{2}"), "so the answer is \\boxed{0.5}")).isEqualTo(Verdict.SATISFIED);
        assertThat(verdict(new Check.MathAnswer("\\frac{1}{2}"), "I do not know")).isEqualTo(Verdict.NOT_SATISFIED);
        var schema = new ObjectMapper().readTree("{\"type\":\"object\",\"required\":[\"name\"],\"properties\":{\"name\":{\"type\":\"string\"}}}");
        assertThat(verdict(new Check.JsonSchema(schema), "```json\n{\"name\": \"x\"}\n```")).isEqualTo(Verdict.SATISFIED);
        assertThat(verdict(new Check.JsonSchema(schema), "{\"name\": 3}")).isEqualTo(Verdict.NOT_SATISFIED);
        assertThat(verdict(new Check.JsonSchema(schema), "not json at all")).isEqualTo(Verdict.NOT_SATISFIED);
    }

    @Test
    void aCatastrophicRegexTimesOutInsteadOfHanging() {
        // Nested unbounded repeats: seconds on 25 characters, hours on 40 (the JDK memoises simpler cases).
        var check = new Check.Regex(Pattern.compile("(.*a){12}$"), Duration.ofMillis(50));
        var outcome = check.evaluate("a".repeat(40) + "!");
        assertThat(outcome).isInstanceOf(CriterionOutcome.Failed.class);
        assertThat(((CriterionOutcome.Failed) outcome).failure()).isInstanceOf(Failure.Timeout.class);
    }

    @Test
    void programmaticAndJudgedCriteriaMixInOneRubric() throws Exception {
        var rubric = new Rubric(List.of(
                Criterion.judged("judged", "explains the mechanism", 3),
                Criterion.judged("regex", "names the drug", 2).withCheck(Check.Regex.of("(?i)metformin")),
                Criterion.judged("length", "is short", 1).withCheck(new Check.Length(0, 5, Check.Length.Unit.WORDS))));
        var judge = new RubricScorerTest.FixedJudge(List.of(Verdict.PARTIALLY_SATISFIED, "unused", "unused"), 5) {
            @Override
            public List<CriterionOutcome> grade(JudgeInput input, List<Integer> criteria) {
                assertThat(criteria).containsExactly(0); // only the judged criterion reaches the judge
                return super.grade(input, criteria);
            }
        };
        var input = new JudgeInput("t", List.of(ai.lyceum.task.Message.user("q")), "Metformin lowers glucose output by the liver.",
                rubric, Optional.empty(), Map.of());
        var r = new RubricScorer(judge, Aggregation.explicit(Grading.TERNARY), RubricWeighting.DATA_INTEGER).score(input);
        assertThat(r.value()).isEqualTo((1.5 + 2 + 0) / 6);
        @SuppressWarnings("unchecked")
        var verdicts = (List<Map<String, Object>>) r.diagnostics().get("verdicts");
        assertThat(verdicts).extracting(m -> m.get("source")).containsExactly("fixed", "regex", "length");
    }
}
