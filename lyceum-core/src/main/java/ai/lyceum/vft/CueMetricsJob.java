package ai.lyceum.vft;

import ai.lyceum.env.Role;
import ai.lyceum.env.cue.Cue;
import ai.lyceum.env.cue.CueSpec;
import ai.lyceum.env.cue.CueSplit;
import ai.lyceum.env.cue.CueTag;
import ai.lyceum.env.cue.CuedArithmeticEnvironment;
import ai.lyceum.env.cue.MmluCue;
import ai.lyceum.env.cue.ShortCue;
import ai.lyceum.json.Json;
import ai.lyceum.rollout.Rollout;
import ai.lyceum.run.RolloutRecord;
import ai.lyceum.task.Message;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.function.Function;

/**
 * The metrics job: reads the rollouts of a cue environment (a run store scope or rollouts in memory), has every
 * cued response judged for verbalization, and computes {@link CueMetrics}. Rollouts that failed, or whose task is
 * not a cue environment's, are counted and left out.
 */
public final class CueMetricsJob {
    private static final ObjectMapper JSON = Json.newMapper();

    /** The job's result: the metrics, what was left out before them, and the judge's counters. */
    public record Result(CueMetrics.Report report, Map<String, Long> skippedRollouts, Map<String, Long> verdicts,
            Map<String, Long> judgeCounters) {
        public Map<String, Object> json() {
            var m = new java.util.LinkedHashMap<String, Object>(report.json());
            m.put("skipped_rollouts", skippedRollouts);
            m.put("verdicts", verdicts);
            m.put("judge_counters", judgeCounters);
            return m;
        }
    }

    private final VerbalizationJudge judge;
    private final Function<Cue, CueSpec> wording;
    private final int concurrency;

    /**
     * @param wording     the cue wording of the environment (it tells the judge what the cue looked like)
     * @param concurrency judge calls in flight
     */
    public CueMetricsJob(VerbalizationJudge judge, Function<Cue, CueSpec> wording, int concurrency) {
        if (concurrency < 1) throw new IllegalArgumentException("concurrency must be >= 1, was " + concurrency);
        this.judge = judge;
        this.wording = wording;
        this.concurrency = concurrency;
    }

    /** The wording of an environment's cues: the twin's short forms for {@code cued-arithmetic}, MMLU's otherwise. */
    public static Function<Cue, CueSpec> wordingOf(String environment) {
        return environment.equals(CuedArithmeticEnvironment.NAME) ? ShortCue::new : MmluCue::new;
    }

    public Result run(List<RolloutRecord> rollouts, CueMetrics.Influence influence, CueSplit split) throws InterruptedException {
        var skipped = new TreeMap<String, Long>();
        var responses = new ArrayList<CueResponse>();
        for (var r : rollouts) {
            if (r.failureType().isPresent()) {
                skipped.merge("failed:" + r.failureType().get(), 1L, Long::sum);
                continue;
            }
            CueTag tag;
            try {
                tag = CueTag.parse(r.taskId());
            } catch (IllegalArgumentException e) {
                skipped.merge("not_a_cue_task", 1L, Long::sum);
                continue;
            }
            var turn = lastAssistantTurn(r.trajectoryJson());
            if (turn.isEmpty()) {
                skipped.merge("no_response", 1L, Long::sum);
                continue;
            }
            responses.add(new CueResponse(tag, r.sample(), turn.get().prompt(), turn.get().response(), Optional.empty()));
        }
        return finish(responses, influence, split, skipped);
    }

    /** The same on rollouts in memory (the experiment's evaluations). */
    public Result runRollouts(List<Rollout> rollouts, CueMetrics.Influence influence, CueSplit split) throws InterruptedException {
        var skipped = new TreeMap<String, Long>();
        var responses = new ArrayList<CueResponse>();
        for (var r : rollouts) {
            if (r.failure().isPresent()) {
                skipped.merge("failed:" + r.failure().get().type(), 1L, Long::sum);
                continue;
            }
            var turn = r.trajectory().turns().stream().filter(t -> t.role().equals(Role.ASSISTANT)).reduce((a, b) -> b);
            if (turn.isEmpty()) {
                skipped.merge("no_response", 1L, Long::sum);
                continue;
            }
            responses.add(new CueResponse(CueTag.parse(r.taskId()), r.sample(), turn.get().observation(),
                    turn.get().completion().text(), Optional.empty()));
        }
        return finish(responses, influence, split, skipped);
    }

    private Result finish(List<CueResponse> responses, CueMetrics.Influence influence, CueSplit split,
            Map<String, Long> skipped) throws InterruptedException {
        var judged = judgeAll(responses);
        var verdicts = new TreeMap<String, Long>();
        for (var r : judged) r.verbalized().ifPresent(v -> verdicts.merge(v.label(), 1L, Long::sum));
        return new Result(CueMetrics.compute(judged, influence, split, 2026), skipped, verdicts, judge.counters());
    }

    /** Every cued response with its verdict, judged concurrently; uncued ones as they are. */
    public List<CueResponse> judgeAll(List<CueResponse> responses) throws InterruptedException {
        var permits = new Semaphore(concurrency);
        try (var executor = Executors.newVirtualThreadPerTaskExecutor()) {
            var futures = new ArrayList<Future<CueResponse>>(responses.size());
            for (var r : responses) {
                if (!r.tag().cued()) {
                    futures.add(java.util.concurrent.CompletableFuture.completedFuture(r));
                    continue;
                }
                futures.add(executor.submit(() -> {
                    permits.acquire();
                    try {
                        char b = r.tag().cuedOption().orElseThrow();
                        return r.withVerdict(judge.judge(new Transcript(r.prompt(), r.text()), wording.apply(r.tag().cue().orElseThrow()), b));
                    } finally {
                        permits.release();
                    }
                }));
            }
            var out = new ArrayList<CueResponse>(responses.size());
            for (var f : futures) {
                try {
                    out.add(f.get());
                } catch (ExecutionException e) {
                    throw new IllegalStateException("judging crashed: " + e.getCause(), e.getCause());
                }
            }
            return out;
        }
    }

    private record Turn(List<Message> prompt, String response) {}

    /** The last assistant turn of a stored trajectory: what it saw and what it said. */
    private static Optional<Turn> lastAssistantTurn(String trajectoryJson) {
        JsonNode turns;
        try {
            turns = JSON.readTree(trajectoryJson).path("turns");
        } catch (java.io.IOException e) {
            return Optional.empty();
        }
        Turn last = null;
        for (var t : turns) {
            if (!t.path("role").asText().equals(Role.ASSISTANT)) continue;
            var prompt = new ArrayList<Message>();
            for (var m : t.path("observation")) prompt.add(new Message(m.path("role").asText("user"), m.path("content").asText("")));
            last = new Turn(prompt, t.path("text").asText(""));
        }
        return Optional.ofNullable(last);
    }
}
