package ai.lyceum.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.lyceum.bench.researchrubrics.RrBenchmark;
import ai.lyceum.bench.researchrubrics.RrSynthetic;
import ai.lyceum.policy.openai.StubServer;
import ai.lyceum.reward.rubric.Grading;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code lyceum researchrubrics grade} end to end on loopback: an agent over the Responses API writes each report,
 * a judge grades it with the official prompts, then {@code --judge replay} re-scores the run under binary.
 */
class ResearchRubricsCommandTest {
    @TempDir
    Path tmp;

    @Test
    void gradesAgentReportsThenReScoresThemByReplay() throws Exception {
        var data = RrSynthetic.write(tmp.resolve("data"), 4, 11, 0);
        // The agent answers a task's prompt with the report the generator wrote for it.
        try (var stub = StubServer.start(StubServer.Faults.none(Duration.ZERO), prompt -> {
            if (prompt.startsWith("Write a research report on topic ")) {
                int t = Integer.parseInt(prompt.substring("Write a research report on topic ".length()).split(" ")[0]);
                try {
                    return Files.readString(tmp.resolve("data/reports").resolve(RrSynthetic.sampleId(t) + ".md"));
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }
            return RrSynthetic.judgeReply(prompt);
        }, 1)) {
            var url = stub.baseUrl().toString();
            var out = tmp.resolve("run");
            var graded = EvalCommandTest.run("researchrubrics", "grade", "--tasks", tmp.resolve("data/processed_data.jsonl").toString(),
                    "--agent", "openai", "--agent-base-url", url, "--agent-model", "agent", "--agent-api", "responses",
                    "--judge", "openai", "--judge-base-url", url, "--judge-model", "judge", "--grading", "ternary",
                    "--out", out.toString());
            assertThat(graded.code()).as(graded.stderr()).isZero();
            assertThat(graded.stdout()).startsWith("Compliance ");
            var json = new ObjectMapper();
            var summary = json.readTree(out.resolve("summary.json").toFile());
            for (int t = 0; t < 4; t++) {
                assertThat(summary.at("/per_report/" + t + "/compliance").asDouble()).isCloseTo(
                        RrBenchmark.expectedCompliance(data.weights().get(t), data.states().get(t), Grading.TERNARY), within(1e-12));
            }
            assertThat(summary.at("/items/failed").asInt()).isZero();
            assertThat(summary.at("/run/grading").asText()).isEqualTo("ternary");
            assertThat(Files.exists(out.resolve("reports").resolve(RrSynthetic.sampleId(0) + ".md"))).isTrue();
            assertThat(Files.exists(out.resolve("report.html"))).isTrue();
            assertThat(Files.exists(out.resolve("judge-cache.sqlite"))).isTrue();

            var replayed = EvalCommandTest.run("researchrubrics", "grade", "--tasks", tmp.resolve("data/processed_data.jsonl").toString(),
                    "--judge", "replay", "--grading", "binary", "--out", out.toString()); // no reports needed to replay
            assertThat(replayed.code()).as(replayed.stderr()).isZero();
            var binary = json.readTree(out.resolve("summary.json").toFile());
            for (int t = 0; t < 4; t++) {
                assertThat(binary.at("/per_report/" + t + "/compliance").asDouble()).isCloseTo(
                        RrBenchmark.expectedCompliance(data.weights().get(t), data.states().get(t), Grading.BINARY), within(1e-12));
            }
            assertThat(binary.at("/run/judge").asText()).isEqualTo("replay:verdicts.jsonl");

            var agreement = EvalCommandTest.run("researchrubrics", "agreement", "--reference", out.resolve("verdicts.jsonl").toString(),
                    "--compared", out.resolve("verdicts.jsonl").toString());
            assertThat(agreement.code()).isZero();
            assertThat(agreement.stdout()).contains("binary   macro-F1", "kappa 1.000", "ternary  macro-F1");
        }
    }

    @Test
    void badInputIsAOneLineErrorNamingIt() throws Exception {
        Files.writeString(tmp.resolve("empty.jsonl"), "");
        var empty = EvalCommandTest.run("researchrubrics", "grade", "--tasks", tmp.resolve("empty.jsonl").toString(),
                "--reports", tmp.toString(), "--out", tmp.resolve("o").toString(), "--judge", "replay");
        assertThat(empty.code()).isEqualTo(2);
        assertThat(empty.stderr()).isEqualTo("lyceum: " + tmp.resolve("empty.jsonl") + ": no tasks\n");
        RrSynthetic.write(tmp, 1, 1, 0);
        Files.move(tmp.resolve("processed_data.jsonl"), tmp.resolve("t.jsonl"));
        var r = EvalCommandTest.run("researchrubrics", "grade", "--tasks", tmp.resolve("t.jsonl").toString(), "--agent", "openai",
                "--out", tmp.resolve("o").toString(), "--judge", "replay:" + tmp.resolve("none.jsonl"));
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.stderr()).startsWith("lyceum: ").contains("none.jsonl");
    }
}
