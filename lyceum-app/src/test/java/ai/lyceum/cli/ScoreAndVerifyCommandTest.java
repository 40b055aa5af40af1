package ai.lyceum.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ScoreAndVerifyCommandTest {
    @TempDir
    Path tmp;

    @Test
    void verifyMathPrintsTheVerdictAndRefusesACandidateList() {
        assertThat(EvalCommandTest.run("verify", "math", "--gold", "\\frac{1}{2}", "--pred", "so \\boxed{0.5}").stdout()).isEqualTo("true\n");
        assertThat(EvalCommandTest.run("verify", "math", "--gold", "2", "--pred", "1 or 2").stdout()).isEqualTo("false\n");
    }

    @Test
    void verifyMathOptionsMirrorTheReferenceVerifier() {
        assertThat(verify("--gold", "\\frac13", "--pred", "0.3333")).isEqualTo("false\n");
        assertThat(verify("--gold", "\\frac13", "--pred", "0.3333", "--precision", "4")).isEqualTo("true\n");
        assertThat(verify("--gold", "10, 4, -2", "--pred", "4, 10, -2")).isEqualTo("true\n");
        assertThat(verify("--gold", "10, 4, -2", "--pred", "4, 10, -2", "--ordered-lists")).isEqualTo("false\n");
        assertThat(verify("--gold", "f(x)=x+1", "--pred", "f(y)=y+1")).isEqualTo("false\n");
        assertThat(verify("--gold", "f(x)=x+1", "--pred", "f(y)=y+1", "--no-strict")).isEqualTo("true\n");
        assertThat(verify("--gold", "[-2,7]", "--pred", "-2 \\le x \\le 7")).isEqualTo("false\n");
        assertThat(verify("--gold", "[-2,7]", "--pred", "-2 \\le x \\le 7", "--allow-set-relation")).isEqualTo("true\n");
        assertThat(verify("--gold", "12", "--pred", "so there are 12 sequences", "--last-number")).isEqualTo("true\n");
        assertThat(EvalCommandTest.run("verify", "math", "--gold", "1", "--pred", "1", "--precision", "31").code()).isNotZero();
    }

    private static String verify(String... args) {
        var all = new String[args.length + 2];
        all[0] = "verify";
        all[1] = "math";
        System.arraycopy(args, 0, all, 2, args.length);
        return EvalCommandTest.run(all).stdout();
    }

    @Test
    void verifyMathAddsAVerdictToEachLineInOrder() throws Exception {
        var input = tmp.resolve("pairs.jsonl");
        Files.writeString(input, "{\"gold\": \"3\", \"pred\": \"x = 3\", \"id\": 1}\n{\"gold\": \"[1, 2)\", \"pred\": \"[1, 2]\", \"id\": 2}\n");
        var lines = EvalCommandTest.run("verify", "math", "--input", input.toString()).stdout().strip().split("\n");
        var json = new ObjectMapper();
        assertThat(json.readTree(lines[0]).get("verdict").asBoolean()).isTrue();
        assertThat(json.readTree(lines[1]).get("verdict").asBoolean()).isFalse();
        assertThat(json.readTree(lines[1]).get("id").asInt()).isEqualTo(2);
    }

    @Test
    void scoreRubricWithReplayedVerdictsComputesTheExplicitScoreAndTypesFailures() throws Exception {
        var input = tmp.resolve("graded.jsonl");
        Files.writeString(input, """
                {"prompt": "p", "response": "r", "rubric": [{"criterion": "a", "points": 5}, {"criterion": "b", "points": 3}, {"criterion": "pitfall", "points": -4}], "verdicts": ["satisfied", "partially_satisfied", "satisfied"]}
                {"prompt": "p", "response": "r", "rubric": [{"criterion": "a", "points": 2}], "verdicts": ["nonsense"]}
                """);
        var result = EvalCommandTest.run("score", "rubric", "--input", input.toString(), "--judge", "replay");
        assertThat(result.code()).isZero();
        var lines = result.stdout().strip().split("\n");
        var json = new ObjectMapper();
        assertThat(json.readTree(lines[0]).get("score").asDouble()).isEqualTo((5 + 1.5 - 4) / 8.0);
        assertThat(json.readTree(lines[1]).has("score")).isFalse();
        assertThat(json.readTree(lines[1]).get("failure").asText()).isEqualTo("parse");
    }
}
