package ai.lyceum.bench.researchrubrics;

import static org.assertj.core.api.Assertions.assertThat;

import ai.lyceum.policy.Sampling;
import ai.lyceum.policy.openai.OpenAiConfig;
import ai.lyceum.policy.openai.OpenAiPolicy;
import ai.lyceum.policy.openai.StubServer;
import ai.lyceum.reward.judge.JudgeCache;
import ai.lyceum.reward.rubric.Criterion;
import ai.lyceum.reward.rubric.Grading;
import ai.lyceum.reward.rubric.RrTask;
import ai.lyceum.reward.rubric.Rubric;
import ai.lyceum.reward.rubric.Verdict;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The official judge over real HTTP to a loopback stub: the prompts it sends, chunking calls, retries, cache. */
class OfficialJudgeTest {
    static final Path PROMPTS = Path.of(System.getProperty("lyceum.root", "..")).toAbsolutePath().normalize()
            .resolve("../shared/data/researchrubrics/prompts");
    static final String SATISFIED = "{\"verdict\": \"Satisfied\", \"score\": 1.0, \"confidence\": 0.8, "
            + "\"reasoning\": \"found\", \"evidence_quotes\": [\"quote one\"], \"missing_elements\": []}";

    @TempDir
    Path dir;

    static RrTask task() {
        var positive = Criterion.judged("", "The response names three risks.", 5.0).withAxis("Explicit Criteria");
        var penalty = Criterion.judged("", "The response uses deterministic language for speculative claims.", -4.0)
                .withAxis("Implicit Criteria");
        return new RrTask("Write a report.", "6847465956a0f6376a605355", "AI & ML", "Moderate", "Intermediate", "Medium",
                new Rubric(List.of(positive, penalty)));
    }

    record Setup(StubServer stub, OpenAiPolicy policy, OpenAiPolicy once) implements AutoCloseable {
        public void close() {
            policy.close();
            once.close();
            stub.close();
        }
    }

    static Setup setup(Function<String, String> reply) throws Exception {
        var stub = StubServer.start(StubServer.Faults.none(Duration.ZERO), reply, 1);
        var config = OpenAiConfig.of(stub.baseUrl().toString(), "stub").withRetries(3, Duration.ofMillis(1), Duration.ofMillis(2));
        return new Setup(stub, new OpenAiPolicy(config), new OpenAiPolicy(config.withRetries(1, Duration.ofMillis(1), Duration.ofMillis(1))));
    }

    OfficialJudge judge(Setup s, Grading grading, ChunkMode mode, Optional<JudgeCache> cache) {
        return new OfficialJudge(s.policy(), s.once(), "stub", grading, mode, Sampling.DEFAULT.withTemperature(0), cache);
    }

    @Test
    void theBinaryPromptsAreTheOfficialFilesByteForByte() throws Exception {
        var p = RrPrompts.of(Grading.BINARY);
        assertThat(p.system()).isEqualTo(Files.readString(PROMPTS.resolve("system_prompt.txt")));
        assertThat(p.user()).isEqualTo(Files.readString(PROMPTS.resolve("user_prompt.txt")));
        assertThat(p.chunk()).isEqualTo(Files.readString(PROMPTS.resolve("chunk_prompt_template.txt")));
        assertThat(p.synthesis()).isEqualTo(Files.readString(PROMPTS.resolve("synthesis_prompt_template.txt")));
        var t = RrPrompts.of(Grading.TERNARY);
        assertThat(t.system()).contains("**Partially Satisfied (Score: 0.5)**").contains("ternary satisfaction scale");
        assertThat(t.user()).contains("[Not Satisfied/Partially Satisfied/Satisfied]", "[0.0/0.5/1.0]");
    }

    @Test
    void oneCallPerCriterionWithTheOfficialUserPrompt() throws Exception {
        Queue<String> seen = new ConcurrentLinkedQueue<>();
        try (var s = setup(prompt -> {
            seen.add(prompt);
            return prompt.contains("deterministic") ? "```json\n" + SATISFIED + "\n```" : "{\"verdict\": \"Not Satisfied\", \"score\": 0.0}";
        })) {
            var judge = judge(s, Grading.BINARY, ChunkMode.FIXED, Optional.empty());
            var report = "# Findings\n\nA report that quotes {rubric_title} and {{braces}} literally.";
            var pos = judge.judge(task(), 0, report);
            var neg = judge.judge(task(), 1, report);
            assertThat(pos.verdict()).contains(Verdict.NOT_SATISFIED);
            assertThat(neg.verdict()).contains(Verdict.SATISFIED);
            assertThat(neg.score(Grading.BINARY)).contains(1.0); // penalty present: "Satisfied", never inverted
            assertThat(neg.evidenceQuotes()).containsExactly("quote one");
            assertThat(neg.confidence()).isEqualTo(0.8);
            assertThat(seen).hasSize(2);
            var prompt = seen.stream().filter(x -> x.contains("deterministic")).findFirst().orElseThrow();
            assertThat(prompt).startsWith("## Document Content\n" + report + "\n\n## Rubric Criterion to Evaluate\n\n"
                    + "**Title**: The response uses deterministic language for speculative claims.\n"
                    + "**Category**: Implicit Criteria\n**Weight**: -4.0\n\n## Your Task\n");
            assertThat(prompt).contains("```json\n{\n  \"verdict\": \"[Not Satisfied/Satisfied]\",").doesNotContain("{{\n");
        }
    }

    @Test
    void anUnreadableReplyIsAskedThreeTimesThenFailsTyped() throws Exception {
        var calls = new java.util.concurrent.atomic.AtomicInteger();
        try (var s = setup(prompt -> {
            calls.incrementAndGet();
            return "I think it is fine.";
        })) {
            var v = judge(s, Grading.BINARY, ChunkMode.FIXED, Optional.empty()).judge(task(), 0, "short report");
            assertThat(v.success()).isFalse();
            assertThat(v.failure().orElseThrow().type()).isEqualTo("parse");
            assertThat(calls.get()).isEqualTo(3);
        }
    }

    /** A 1,000,000-character report: 3 chunks (see ReportChunkerTest), each asked, then one synthesis call. */
    @Test
    void aLongReportIsJudgedChunkByChunkThenSynthesised() throws Exception {
        var report = ReportChunkerTest.paragraphs(999, 999, 1002);
        Queue<String> chunkPrompts = new ConcurrentLinkedQueue<>();
        Queue<String> synthesis = new ConcurrentLinkedQueue<>();
        try (var s = setup(prompt -> {
            if (prompt.startsWith("You are evaluating a large document in chunks.")) {
                chunkPrompts.add(prompt);
                int n = chunkPrompts.size();
                return "{\"relevant_evidence\": [\"point " + n + " — é\"], \"satisfaction\": true, \"confidence_for_chunk\": 0.5, \"notes\": \"\"}";
            }
            synthesis.add(prompt);
            return "{\"verdict\": \"Satisfied\", \"score\": 1.0, \"confidence\": 0.7, \"reasoning\": \"all chunks\"}";
        })) {
            var v = judge(s, Grading.BINARY, ChunkMode.FIXED, Optional.empty()).judge(task(), 0, report);
            assertThat(v.verdict()).contains(Verdict.SATISFIED);
            assertThat(v.chunks()).isEqualTo(3);
            assertThat(chunkPrompts).hasSize(3);
            assertThat(chunkPrompts).allSatisfy(p -> assertThat(p.length()).isLessThan(400_000 + 1000));
            assertThat(chunkPrompts.peek()).contains("This is chunk 1 of 3.", "## Previous Context Summary\nFirst chunk\n",
                    "**Title**: The response names three risks.\n**Category**: Explicit Criteria\n");
            assertThat(chunkPrompts).anySatisfy(p -> assertThat(p).contains("chunk 2 of 3", "Previous chunks evaluated"));
            // Evidence of all chunks, as Python's json.dumps(indent=2) with ensure_ascii writes it.
            assertThat(synthesis).singleElement().satisfies(p -> assertThat(p).startsWith(
                    "Based on the following evidence collected from the document:\n\nEvidence points:\n"
                            + "[\n  \"point 1 \\u2014 \\u00e9\",\n  \"point 2 \\u2014 \\u00e9\",\n  \"point 3 \\u2014 \\u00e9\"\n]\n"));
        }
    }

    @Test
    void parityAsksChunkCallsOnceAndFixedRetriesThem() throws Exception {
        var report = ReportChunkerTest.paragraphs(999, 999, 1002);
        for (var mode : ChunkMode.values()) {
            var calls = new java.util.concurrent.atomic.AtomicInteger();
            try (var s = setup(prompt -> {
                calls.incrementAndGet();
                return "{\"notes\": \"no evidence key\"}"; // the grader's chunk_data['relevant_evidence'] raises
            })) {
                var v = judge(s, Grading.BINARY, mode, Optional.empty()).judge(task(), 0, report);
                assertThat(v.success()).isFalse();
                assertThat(calls.get()).as(mode.name()).isEqualTo(mode == ChunkMode.PARITY ? 1 : 3);
            }
        }
    }

    @Test
    void ternaryGradingAsksForPartialAndScoresItHalf() throws Exception {
        try (var s = setup(prompt -> prompt.contains("[Not Satisfied/Partially Satisfied/Satisfied]")
                ? "{\"verdict\": \"Partially Satisfied\", \"score\": 0.5}" : "{\"verdict\": \"Not Satisfied\"}")) {
            var v = judge(s, Grading.TERNARY, ChunkMode.FIXED, Optional.empty()).judge(task(), 0, "report");
            assertThat(v.verdict()).contains(Verdict.PARTIALLY_SATISFIED);
            assertThat(v.score(Grading.TERNARY)).contains(0.5);
            assertThat(v.score(Grading.BINARY)).contains(0.0);
        }
    }

    @Test
    void aWarmCacheAnswersWithoutCalls() throws Exception {
        var calls = new java.util.concurrent.atomic.AtomicInteger();
        try (var s = setup(prompt -> {
            calls.incrementAndGet();
            return SATISFIED;
        }); var cache = JudgeCache.open(dir.resolve("cache.sqlite"))) {
            var judge = judge(s, Grading.BINARY, ChunkMode.FIXED, Optional.of(cache));
            assertThat(judge.judge(task(), 0, "report").cached()).isFalse();
            var again = judge.judge(task(), 0, "report");
            assertThat(again.cached()).isTrue();
            assertThat(again.verdict()).contains(Verdict.SATISFIED);
            assertThat(calls.get()).isEqualTo(1);
            judge.judge(task(), 0, "another report"); // the key covers the report
            assertThat(calls.get()).isEqualTo(2);
            new OfficialJudge(s.policy(), s.once(), "stub", Grading.TERNARY, ChunkMode.FIXED,
                    Sampling.DEFAULT.withTemperature(0), Optional.of(cache)).judge(task(), 0, "report"); // and the grading
            assertThat(calls.get()).isEqualTo(3);
        }
    }
}
