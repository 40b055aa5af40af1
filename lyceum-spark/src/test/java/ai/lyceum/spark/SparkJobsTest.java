package ai.lyceum.spark;

import static org.assertj.core.api.Assertions.assertThat;

import ai.lyceum.env.Environments;
import ai.lyceum.eval.Evaluation;
import ai.lyceum.policy.openai.OpenAiConfig;
import ai.lyceum.policy.openai.OpenAiPolicy;
import ai.lyceum.policy.openai.StubServer;
import ai.lyceum.reward.judge.JudgeOptions;
import ai.lyceum.reward.judge.Judges;
import ai.lyceum.reward.math.MathVerifier;
import ai.lyceum.reward.math.MathVerifyJsonl;
import ai.lyceum.reward.math.MathVerifyOptions;
import ai.lyceum.reward.math.VerifyBenchmark;
import ai.lyceum.reward.rubric.Aggregation;
import ai.lyceum.reward.rubric.Grading;
import ai.lyceum.reward.rubric.RubricBatch;
import ai.lyceum.reward.rubric.RubricScorer;
import ai.lyceum.reward.rubric.RubricWeighting;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.function.Function;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Spark jobs on a shared {@code local[2]} session, against the single-machine code they must agree with:
 * {@link MathVerifyJsonl} (behind {@code lyceum verify math --input}) and {@link RubricBatch} (behind
 * {@code lyceum score rubric}) with the loopback stub judge. Small inputs: the 100,000-line run is a command
 * (docs/spark.md).
 */
class SparkJobsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static SparkSession spark;

    @TempDir
    Path tmp;

    @BeforeAll
    static void start() {
        spark = SparkSession.builder().master("local[2]").appName("lyceum-spark-test")
                .config("spark.ui.enabled", "false").config("spark.sql.shuffle.partitions", "2")
                .config("spark.driver.host", "127.0.0.1").config("spark.driver.bindAddress", "127.0.0.1").getOrCreate();
    }

    @AfterAll
    static void stop() { spark.stop(); }

    @Test
    void verifyMathJobMatchesTheSingleMachineCommandLineByLine() throws Exception {
        var golds = VerifyBenchmark.readGoldAnswers(Path.of(System.getProperty("lyceum.root"), "..", "shared", "data", "math500", "test.jsonl"));
        var input = new StringBuilder();
        int n = 0;
        for (var v : VerifyBenchmark.variants(golds)) {
            if (n++ >= 1_500) break;
            input.append(JSON.createObjectNode().put("id", n).put("gold", v.gold()).put("pred", v.prediction())).append('\n');
            if (n % 100 == 0) input.append('\n'); // blank lines are skipped by both, and line numbers stay the file's
        }
        input.append("{\"id\": -1, \"gold\": \"7\", \"pred\": \"so \\\\boxed{7\"}\n"); // a typed parse failure
        var file = Files.writeString(tmp.resolve("rollouts.jsonl"), input);

        var expected = new StringWriter();
        new MathVerifyJsonl(new MathVerifier(MathVerifyOptions.defaults())).verifyJsonl(new StringReader(input.toString()), expected);
        long rows = VerifyMathJob.run(spark, file.toString(), tmp.resolve("out").toString(), Duration.ofSeconds(1));

        var actual = readOrdered(tmp.resolve("out"));
        var wanted = expected.toString().lines().map(this::tree).toList();
        assertThat(rows).isEqualTo(wanted.size());
        assertThat(actual).hasSameSizeAs(wanted);
        for (int i = 0; i < wanted.size(); i++) {
            var a = actual.get(i);
            var w = wanted.get(i);
            for (var field : List.of("id", "gold", "pred", "verdict", "failure")) {
                assertThat(a.path(field).asText()).as("row %d field %s", i, field).isEqualTo(w.path(field).asText());
            }
        }
        assertThat(actual.getLast().get("failure").asText()).isEqualTo("parse");
        assertThat(actual.getLast().get("line").asLong()).isEqualTo(input.toString().lines().count());
    }

    @Test
    void scoreRubricJobMatchesTheSingleMachineCommandAgainstTheStubJudge() throws Exception {
        var random = new SplittableRandom(7);
        var input = new StringBuilder();
        for (int i = 0; i < 120; i++) {
            var response = new StringBuilder("Response " + i + ".");
            var rubric = JSON.createArrayNode();
            for (int j = 1; j <= 3; j++) {
                response.append(" p").append(j).append('=').append(List.of("full", "part", "none").get(random.nextInt(3)));
                rubric.addObject().put("title", "Point " + j).put("description", "Essential Criteria: Covers point p" + j + ".").put("weight", j);
            }
            if (i == 5) response.append(" p2=garbled"); // the stub judge then answers nonsense: a typed failure for that line
            var line = JSON.createObjectNode().put("id", "r" + i).put("prompt", "Question " + i + "?").put("response", response.toString());
            line.set("rubric", rubric);
            input.append(line).append('\n');
        }
        var jsonl = Files.writeString(tmp.resolve("graded.jsonl"), input);
        try (var stub = StubServer.start(StubServer.Faults.none(Duration.ofMillis(2)), SparkJobsTest::verdictFor, 1)) {
            var url = stub.baseUrl().toString();
            var expected = new StringWriter();
            try (var judge = Judges.fromSpec("openai", JudgeOptions.defaults(), Optional.of(OpenAiConfig.of(url, "stub-judge").withMaxInFlight(64)),
                    Optional.empty())) {
                new RubricBatch(new RubricScorer(judge, Aggregation.parse("explicit", Grading.TERNARY, false), RubricWeighting.DATA_INTEGER), 16)
                        .score(new StringReader(input.toString()), expected);
            }
            // The same lines from Parquet: rows arrive as JSON, as a JSONL line would.
            spark.read().json(jsonl.toString()).coalesce(1).write().parquet(tmp.resolve("graded.parquet").toString());
            var spec = new JudgeSpec("openai", url, "stub-judge", "", "per-criterion",
                    "explicit", "ternary", false, 64);
            ScoreRubricJob.run(spark, tmp.resolve("graded.parquet").toString(), tmp.resolve("scored").toString(), spec, 16);

            var actual = readOrdered(tmp.resolve("scored"));
            var wanted = expected.toString().lines().map(this::tree).toList();
            assertThat(actual).hasSameSizeAs(wanted);
            int failures = 0;
            for (int i = 0; i < wanted.size(); i++) {
                var w = wanted.get(i);
                var a = actual.get(i);
                assertThat(a.path("id").asText()).isEqualTo(w.path("id").asText());
                assertThat(a.path("failure").asText()).as("row %d failure", i).isEqualTo(w.path("failure").asText());
                if (w.has("score")) assertThat(a.get("score").asDouble()).as("row %d score", i).isEqualTo(w.get("score").asDouble());
                else assertThat(a.path("score").isNull() || a.path("score").isMissingNode()).isTrue();
                assertThat(a.path("verdicts").size()).isEqualTo(w.path("verdicts").size());
                if (w.has("failure")) failures++;
            }
            assertThat(failures).isEqualTo(1);
        }
    }

    @Test
    void evalJobWritesTheRolloutsLyceumEvalWrites() throws Exception {
        var tasks = Files.writeString(tmp.resolve("tasks.jsonl"), """
                {"question": "Tom has 3 apples and buys 4 more. How many apples?", "answer": "#### 7"}
                {"question": "How many eggs are in 5 boxes of 12?", "answer": "#### 60"}
                {"question": "Ana reads 4 pages a day for 3 days. How many pages?", "answer": "#### 12"}
                """);
        // The stub model: right about apples, a broken box about eggs (a typed parse failure), wrong about pages.
        Function<String, String> model = prompt -> prompt.contains("apples") ? "#### 7"
                : prompt.contains("eggs") ? "so \\boxed{60" : "#### 13";
        try (var stub = StubServer.start(StubServer.Faults.none(Duration.ofMillis(1)), model, 1)) {
            var url = stub.baseUrl().toString();
            Path single = tmp.resolve("single");
            try (var env = Environments.create("gsm8k", Optional.of(tasks), Environments.Options.defaults());
                 var policy = new OpenAiPolicy(OpenAiConfig.of(url, "stub-model"))) {
                Evaluation.run(new Evaluation.Spec(env, tasks.toString(), policy, 2, 4, 0, 0,
                        Duration.ofSeconds(60), false, false, 1.0), single, r -> {}, e -> {});
            }
            var spec = new EvalJob.Spec("gsm8k", tasks.toString(), "", "none", "openai", url, "stub-model", "", 2, 4, 0, 60_000, 8);
            assertThat(EvalJob.run(spark, spec, tmp.resolve("evaluated").toString(), 2)).isEqualTo(6);

            var wanted = Files.readAllLines(single.resolve("rollouts.jsonl")).stream().map(this::tree)
                    .sorted(Comparator.comparing((JsonNode n) -> n.get("task_id").asText()).thenComparingInt(n -> n.get("sample").asInt()))
                    .toList();
            var actual = new ArrayList<JsonNode>();
            for (var row : spark.read().parquet(tmp.resolve("evaluated").toString()).orderBy("task_id", "sample").toJSON().collectAsList()) {
                actual.add(tree(row));
            }
            assertThat(actual).hasSize(6);
            for (int i = 0; i < 6; i++) {
                for (var field : List.of("task_id", "sample", "reward", "failure")) {
                    assertThat(text(actual.get(i), field)).as("rollout %d %s", i, field).isEqualTo(text(wanted.get(i), field));
                }
            }
            assertThat(actual.stream().filter(n -> n.path("failure").asText().equals("parse")).count()).isEqualTo(2);
        }
    }

    /** The stub judge: the state the response gives the criterion's point ("p2=part" → partially satisfied). */
    static String verdictFor(String prompt) {
        int at = prompt.lastIndexOf("Covers point p");
        if (at < 0) return "no criterion found";
        var key = " p" + prompt.substring(at + "Covers point p".length(), prompt.indexOf('.', at)) + "=";
        int state = prompt.lastIndexOf(key);
        if (state < 0) return "no state found";
        var verdict = switch (prompt.charAt(state + key.length())) {
            case 'f' -> "satisfied";
            case 'p' -> "partially_satisfied";
            case 'n' -> "not_satisfied";
            default -> "garbled";
        };
        return verdict.equals("garbled") ? "I refuse to answer in JSON." : "{\"verdict\": \"" + verdict + "\", \"explanation\": \"stub\"}";
    }

    /** A field as text, with JSON null and absent alike (Spark leaves null columns out of its JSON). */
    private static String text(JsonNode row, String field) {
        var v = row.path(field);
        return v.isNull() || v.isMissingNode() ? "" : v.asText();
    }

    private List<JsonNode> readOrdered(Path parquet) {
        var out = new ArrayList<JsonNode>();
        for (var row : spark.read().parquet(parquet.toString()).orderBy("line").toJSON().collectAsList()) out.add(tree(row));
        return out;
    }

    private JsonNode tree(String json) {
        try {
            return JSON.readTree(json);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
