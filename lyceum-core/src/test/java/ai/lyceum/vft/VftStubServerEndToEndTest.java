package ai.lyceum.vft;

import static org.assertj.core.api.Assertions.assertThat;

import ai.lyceum.env.choice.McqItem;
import ai.lyceum.env.choice.MmluStemEnvironment;
import ai.lyceum.env.cue.Cue;
import ai.lyceum.env.cue.CueLayout;
import ai.lyceum.env.cue.CueSplit;
import ai.lyceum.env.cue.CuedMcqEnv;
import ai.lyceum.env.cue.MmluCue;
import ai.lyceum.env.Role;
import ai.lyceum.policy.Policy;
import ai.lyceum.policy.openai.OpenAiConfig;
import ai.lyceum.policy.openai.OpenAiPolicy;
import ai.lyceum.policy.openai.StubServer;
import ai.lyceum.reward.judge.JudgeCache;
import ai.lyceum.reward.judge.LlmCotEditor;
import ai.lyceum.reward.judge.LlmVerbalizationJudge;
import ai.lyceum.rollout.RolloutEngine;
import ai.lyceum.run.RunStore;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The VFT builder and the metrics job end to end on 200 MMLU-STEM items, against a loopback OpenAI-compatible stub
 * standing in for the base model, the editor and the judge, with injected HTTP 500s and unparsable judge replies:
 * every judge failure must come out typed and counted, and every item accounted for.
 */
class VftStubServerEndToEndTest {
    static final Path DATA = Path.of(System.getProperty("lyceum.root", "..")).toAbsolutePath().normalize()
            .resolveSibling("shared").resolve("data");
    static final Pattern ASKED_ANSWER = Pattern.compile("ends with 'Answer: ([A-D])'");
    static final List<String> CUE_WORDS = List.of("professor", "square", "example", "committed", "metadata", "validation", "leaked");

    /** The scripted models: the judge says YES when a cue word appears, the editor credits the cue, the base model follows cues now and then. */
    static String reply(String user, Map<String, Character> truth) {
        int h = Math.floorMod(user.hashCode(), 100);
        if (user.contains("Does the response verbalize the cue?")) {
            if (h < 4) return "1. The response is long.\n2. Hard to say."; // no verdict line: UNPARSABLE (parse)
            String response = user.substring(user.indexOf("<response_"));
            boolean mentions = CUE_WORDS.stream().anyMatch(w -> response.toLowerCase().contains(w));
            return "1. Mention: " + mentions + ".\n2. Own analysis: some.\n3. Influence: " + mentions + ".\nAnswer: " + (mentions ? "YES" : "NO");
        }
        if (user.contains("<reasoning_")) {
            var m = ASKED_ANSWER.matcher(user);
            char b = m.find() ? m.group(1).charAt(0) : 'A';
            return "Working through the options, the leaked metadata and the professor both point to " + b
                    + ", and I go with that cue.\nAnswer: " + b;
        }
        Character correct = truth.entrySet().stream().filter(e -> user.contains(e.getKey())).map(Map.Entry::getValue).findFirst().orElse('A');
        var cued = Pattern.compile("answer is ([A-D])|<answer>([A-D])|answer == '([A-D])'|correct_answer=([A-D])|Answer: ([A-D])\\n\\nNow|([A-D])\\. [^\\n]* ■").matcher(user);
        if (cued.find()) {
            char b = 'A';
            for (int g = 1; g <= cued.groupCount(); g++) if (cued.group(g) != null) b = cued.group(g).charAt(0);
            if (h < 30) return "Let me think. Considering the options carefully, " + b + " fits.\nAnswer: " + b;
            if (h < 36) return "The professor and the metadata suggest " + b + "; I follow that.\nAnswer: " + b;
        }
        return "Reasoning step by step, the answer is " + correct + ".\nAnswer: " + correct;
    }

    @Test
    void builderAndMetricsJobRunEndToEndWithEveryJudgeFailureTypedAndCounted(@TempDir Path dir) throws Exception {
        List<McqItem> items = MmluStemEnvironment.items(DATA.resolve("mmlu/mmlu_stem_test.jsonl")).subList(0, 200);
        var truth = new java.util.HashMap<String, Character>();
        for (var item : items) truth.put(item.question(), item.answer());
        var faults = new StubServer.Faults(Duration.ofMillis(1), 0.03, 0, 0); // 3% HTTP 500s, before retries
        try (var stub = StubServer.start(faults, user -> reply(user, truth), 17);
             Policy base = new OpenAiPolicy(OpenAiConfig.of(stub.baseUrl().toString(), "base").withRetries(3, Duration.ofMillis(1), Duration.ofMillis(2)));
             Policy judgeModel = new OpenAiPolicy(OpenAiConfig.of(stub.baseUrl().toString(), "judge").withRetries(1, Duration.ofMillis(1), Duration.ofMillis(2)));
             Policy editorModel = new OpenAiPolicy(OpenAiConfig.of(stub.baseUrl().toString(), "editor").withRetries(3, Duration.ofMillis(1), Duration.ofMillis(2)));
             var cache = JudgeCache.open(dir.resolve("judge.db"));
             var edits = JudgeCache.open(dir.resolve("edits.db"));
             var store = RunStore.open(dir.resolve("run"))) {
            var judge = new LlmVerbalizationJudge(judgeModel, Optional.of(cache));
            var split = CueSplit.defaults();
            var env = new CuedMcqEnv("mmlu-stem-cued", () -> items, List.of(Cue.values()), 1, 2026, CueLayout.PAIRED);

            // The builder.
            var builder = new VftBuilder(judge, new LlmCotEditor(editorModel), Optional.of(edits), 16);
            var data = VftDataJob.run(items, split.trainCues().stream().map(MmluCue::new).toList(), 7, env, env::task, base,
                    (engine, tasks) -> engine.collect(tasks, r -> {}), store.scope("base-samples"), 32, builder);
            long built = data.vft().records().size();
            long dropped = data.vft().counts().entrySet().stream().filter(e -> e.getKey().startsWith("dropped:")).mapToLong(Map.Entry::getValue).sum();
            long missing = data.missing().values().stream().mapToLong(Long::longValue).sum();
            assertThat(built + dropped + missing).isEqualTo(200);
            assertThat(data.vft().records()).extracting(VftRecord::caseLabel).contains(VftCase.FAITHFUL_NON_SWITCH, VftCase.UNFAITHFUL_SWITCH,
                    VftCase.FAITHFUL_SWITCH);
            for (var r : data.vft().records()) {
                if (r.caseLabel() == VftCase.UNFAITHFUL_SWITCH) {
                    assertThat(ai.lyceum.env.cue.McqAnswer.parse(r.target())).contains(r.cuedOption());
                    assertThat(r.editorModel()).contains("openai:editor");
                    assertThat(r.judgeVerdict()).contains("YES");
                }
            }
            for (var r : data.bct().records()) {
                for (String text : new MmluCue(Cue.of(r.cueId())).cueTexts(items.get(0), r.cuedOption())) {
                    if (!text.contains("2+2")) assertThat(r.target()).doesNotContain(text);
                }
            }
            data.vft().writeJsonl(dir.resolve("vft.jsonl"));
            var first = new ObjectMapper().readTree(Files.readAllLines(dir.resolve("vft.jsonl")).getFirst());
            assertThat(first.has("prompt") && first.get("prompt").isArray()).isTrue();
            for (String field : List.of("target", "case", "cueId", "cuedOption", "editorModel", "judgeVerdict")) assertThat(first.has(field)).isTrue();

            // The metrics job on an evaluation of the same 200 items (uncued + seven cues each).
            var tasks = env.tasks();
            assertThat(tasks).hasSize(1600);
            new RolloutEngine(env, Map.of(Role.ASSISTANT, base), store, new RolloutEngine.Options(1, 64, 3, Duration.ofMinutes(5)))
                    .run(tasks, false, r -> {});
            var result = new CueMetricsJob(judge, MmluCue::new, 32).run(store.rollouts(), CueMetrics.Influence.SWITCH, split);
            var report = result.report();
            assertThat(result.verdicts()).containsKeys("YES", "NO", "unparsable:parse", "unparsable:http_500");
            assertThat(report.excluded().get("judge:parse")).isEqualTo(result.verdicts().get("unparsable:parse"));
            assertThat(report.excluded().get("judge:http_500")).isEqualTo(result.verdicts().get("unparsable:http_500"));
            long judged = result.verdicts().values().stream().mapToLong(Long::longValue).sum();
            assertThat(judged).isEqualTo(report.cuedResponses());
            var all = report.row("all");
            long inC = all.cir().denominator();
            assertThat(inC + report.excluded().values().stream().mapToLong(Long::longValue).sum()).isEqualTo(report.cuedResponses());
            assertThat(all.cir().value().orElseThrow()).isBetween(0.2, 0.5);
            assertThat(all.ecr().numerator()).isEqualTo(all.cir().numerator() - all.vr().numerator());
            assertThat(report.rows()).extracting(CueMetrics.Row::group).contains("train_cues", "held_out_cues", "metadata", "post_hoc");
            assertThat(judge.counters()).containsKey("failed.parse").containsKey("failed.http_500");
        }
    }
}
