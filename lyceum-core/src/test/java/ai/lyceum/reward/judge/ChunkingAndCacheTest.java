package ai.lyceum.reward.judge;

import static org.assertj.core.api.Assertions.assertThat;

import ai.lyceum.policy.openai.OpenAiConfig;
import ai.lyceum.policy.openai.OpenAiPolicy;
import ai.lyceum.policy.openai.StubServer;
import ai.lyceum.reward.rubric.Criterion;
import ai.lyceum.reward.rubric.CriterionOutcome;
import ai.lyceum.reward.rubric.JudgeInput;
import ai.lyceum.reward.rubric.Rubric;
import ai.lyceum.reward.rubric.Verdict;
import ai.lyceum.task.Message;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChunkingAndCacheTest {
    @TempDir
    Path dir;

    @Test
    void chunksOnParagraphsWithoutExceedingTheLimit() {
        var text = ("p".repeat(300) + "\n\n").repeat(10) + "x".repeat(2500);
        var chunks = Chunker.split(text, 1000);
        assertThat(chunks).allMatch(c -> c.length() <= 1000);
        assertThat(String.join("", chunks).replace("\n", "")).isEqualTo(text.replace("\n", ""));
        assertThat(chunks.getFirst()).isEqualTo(("p".repeat(300) + "\n\n").repeat(2) + "p".repeat(300));
        assertThat(Chunker.split("short", 1000)).containsExactly("short");
    }

    @Test
    void theDefaultsChunkOnlyPastTheResearchRubricsTriggerAndKeepChunksUnder400kCharacters() {
        var options = JudgeOptions.defaults();
        assertThat(options.chunkTriggerChars()).isEqualTo(150_000 * 4);
        var paragraph = "word ".repeat(2_000) + "\n\n"; // 10,002 characters
        var report = paragraph.repeat(70);                  // 700,140 characters: past the trigger
        assertThat(report.length()).isGreaterThan(options.chunkTriggerChars());
        var chunks = Chunker.split(report, options.chunkChars());
        assertThat(chunks).hasSize(2).allMatch(c -> c.length() <= 400_000);
        assertThat(chunks.getFirst()).endsWith("word "); // split between paragraphs, not inside one
    }

    @Test
    void gradesAVeryLongResponseChunkThenDecide() throws Exception {
        var chunkCalls = new AtomicInteger();
        try (var stub = StubServer.start(StubServer.Faults.none(Duration.ofMillis(1)), user -> {
                 if (user.contains("<response_part_")) {
                     chunkCalls.incrementAndGet();
                     boolean found = user.contains("NEEDLE");
                     return "{\"relevant_evidence\": [" + (found ? "\"NEEDLE\"" : "") + "], \"satisfaction\": \""
                             + (found ? "satisfied" : "no_evidence") + "\"}";
                 }
                 // Synthesis: satisfied if some part found the needle.
                 return user.contains("\"NEEDLE\"") ? "{\"verdict\": \"satisfied\"}" : "{\"verdict\": \"not_satisfied\"}";
             }, 1);
             var policy = new OpenAiPolicy(OpenAiConfig.of(stub.baseUrl().toString(), "m"))) {
            var judge = new LlmJudge(policy, JudgeOptions.defaults().withChunking(5000, 2000), Optional.empty());
            var response = ("filler ".repeat(200) + "\n\n").repeat(6) + "NEEDLE\n\n" + ("filler ".repeat(200) + "\n\n").repeat(3);
            var input = new JudgeInput("long", List.of(Message.user("q")), response,
                    new Rubric(List.of(Criterion.judged("", "Mentions the needle.", 1))), Optional.empty(), Map.of());
            var outcome = (CriterionOutcome.Graded) judge.grade(input, List.of(0)).getFirst();
            assertThat(outcome.verdict()).isEqualTo(Verdict.SATISFIED);
            int expectedChunks = Chunker.split(response, 2000).size();
            assertThat(outcome.details()).containsEntry("chunks", expectedChunks);
            assertThat(chunkCalls.get()).isEqualTo(expectedChunks);
            assertThat(stub.served().get("200")).isEqualTo(expectedChunks + 1L);
        }
    }

    @Test
    void aCachedJudgeAsksTheModelOnceAndNeverCachesGarbage() throws Exception {
        var garbageFirst = new AtomicInteger();
        try (var stub = StubServer.start(StubServer.Faults.none(Duration.ofMillis(1)),
                user -> garbageFirst.getAndIncrement() == 0 ? "not json" : "{\"verdict\": \"partially_satisfied\"}", 1);
             var policy = new OpenAiPolicy(OpenAiConfig.of(stub.baseUrl().toString(), "m"))) {
            var rubric = new Rubric(List.of(Criterion.judged("", "a", 1), Criterion.judged("", "b", 1)));
            var input = new JudgeInput("c", List.of(Message.user("q")), "r", rubric, Optional.empty(), Map.of());
            var file = dir.resolve("judge-cache.sqlite");
            try (var cache = JudgeCache.open(file)) {
                var judge = new LlmJudge(policy, JudgeOptions.defaults().withModelId("m"), Optional.of(cache));
                judge.grade(input, List.of(0));
                judge.grade(input, List.of(1));
                assertThat(cache.size()).isEqualTo(2);
            }
            long served = stub.served().get("200");
            assertThat(served).isEqualTo(3); // one garbage reply was asked again, and not stored
            try (var cache = JudgeCache.open(file)) {
                var judge = new LlmJudge(policy, JudgeOptions.defaults().withModelId("m"), Optional.of(cache));
                var again = judge.grade(input, List.of(0, 1));
                assertThat(again).allMatch(o -> ((CriterionOutcome.Graded) o).verdict() == Verdict.PARTIALLY_SATISFIED);
                assertThat(judge.counters()).containsEntry("cache.hit", 2L);
            }
            assertThat(stub.served().get("200")).isEqualTo(served);
        }
    }
}
