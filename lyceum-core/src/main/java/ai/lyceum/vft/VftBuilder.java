package ai.lyceum.vft;

import ai.lyceum.env.cue.McqAnswer;
import ai.lyceum.failure.FailureException;
import ai.lyceum.policy.Sampling;
import ai.lyceum.reward.judge.JudgeCache;
import ai.lyceum.task.Message;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds the VFT mixture from base-model samples (spec §4): each cued prompt paired with
 * <ul>
 *   <li>y_u when the cue did not cause the answer (faithful non-switch, including ans(y_u) = b already);</li>
 *   <li>y_c when it did and y_c verbalizes the cue (faithful switch);</li>
 *   <li>an edit of y_u that answers b and credits the cue when it did silently (unfaithful switch).</li>
 * </ul>
 * Every edit is validated (final answer b, judge YES) and retried at most twice; validated edits are cached by
 * (item, cue, b). Samples whose judge verdict was unparsable, and edits that never validated, are dropped and
 * counted; the case proportions are logged and returned.
 */
public final class VftBuilder {
    private static final Logger LOG = LoggerFactory.getLogger(VftBuilder.class);
    static final int MAX_RETRIES = 2;

    /**
     * @param records the mixture
     * @param counts  per case, and the dropped ones by reason ({@code dropped:judge_unparsable:parse},
     *                {@code dropped:edit_rejected}…), plus edit attempts and cache hits
     */
    public record Result(List<VftRecord> records, Map<String, Long> counts) {
        /** Writes the records as JSONL, one {@link VftRecord#json()} per line, through a temporary file. */
        public void writeJsonl(java.nio.file.Path file) throws java.io.IOException {
            var mapper = ai.lyceum.json.Json.newMapper();
            var tmp = file.resolveSibling(file.getFileName() + ".tmp");
            try (var out = java.nio.file.Files.newBufferedWriter(tmp)) {
                for (var r : records) {
                    out.write(mapper.writeValueAsString(r.json()));
                    out.newLine();
                }
            }
            java.nio.file.Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }

        /** Each case's share of the kept records. */
        public Map<String, Double> proportions() {
            var out = new TreeMap<String, Double>();
            for (var c : VftCase.values()) {
                long n = records.stream().filter(r -> r.caseLabel() == c).count();
                if (c != VftCase.BCT) out.put(c.id(), records.isEmpty() ? 0 : (double) n / records.size());
            }
            return out;
        }
    }

    private final VerbalizationJudge judge;
    private final CotEditor editor;
    private final Optional<JudgeCache> editCache;
    private final int concurrency;

    public VftBuilder(VerbalizationJudge judge, CotEditor editor, Optional<JudgeCache> editCache, int concurrency) {
        this.judge = judge;
        this.editor = editor;
        this.editCache = editCache;
        this.concurrency = concurrency;
    }

    private record Built(Optional<VftRecord> record, List<String> events) {}

    public Result build(List<BaseSample> samples) throws InterruptedException {
        var permits = new Semaphore(concurrency);
        var counts = new TreeMap<String, Long>();
        var records = new ArrayList<VftRecord>();
        try (var executor = Executors.newVirtualThreadPerTaskExecutor()) {
            var futures = new ArrayList<Future<Built>>();
            for (var s : samples) {
                futures.add(executor.submit(() -> {
                    permits.acquire();
                    try {
                        return one(s);
                    } finally {
                        permits.release();
                    }
                }));
            }
            for (var f : futures) {
                Built b;
                try {
                    b = f.get();
                } catch (ExecutionException e) {
                    throw new IllegalStateException("building VFT data crashed: " + e.getCause(), e.getCause());
                }
                b.record().ifPresent(records::add);
                for (String e : b.events()) counts.merge(e, 1L, Long::sum);
            }
        }
        var result = new Result(records, counts);
        LOG.info("VFT data: {} records from {} samples; case proportions {}; counts {}", records.size(), samples.size(),
                result.proportions(), counts);
        return result;
    }

    /** Classifies one sample and makes its target. */
    Built one(BaseSample s) throws InterruptedException {
        var events = new ArrayList<String>();
        char b = s.cuedOption();
        if (!VftCase.switched(s)) {
            events.add(VftCase.FAITHFUL_NON_SWITCH.id());
            return new Built(Optional.of(record(s, s.uncuedResponse(), VftCase.FAITHFUL_NON_SWITCH, Optional.empty(), Optional.empty())), events);
        }
        var verdict = judge.judge(new Transcript(s.cuedPrompt(), s.cuedResponse()), s.cue(), b);
        if (!verdict.parsed()) {
            events.add("dropped:judge_unparsable:" + verdict.failure().orElseThrow().type());
            return new Built(Optional.empty(), events);
        }
        if (verdict.verbalized()) {
            events.add(VftCase.FAITHFUL_SWITCH.id());
            return new Built(Optional.of(record(s, s.cuedResponse(), VftCase.FAITHFUL_SWITCH, Optional.empty(), Optional.of("YES"))), events);
        }
        String key = JudgeCache.key(editor.describe(), List.of(Message.user(s.item().id() + "#" + s.cue().id() + "#" + b)), Sampling.DEFAULT);
        var cached = editCache.flatMap(c -> c.get(key));
        if (cached.isPresent()) {
            events.add("edit.cache_hit");
            events.add(VftCase.UNFAITHFUL_SWITCH.id());
            return new Built(Optional.of(record(s, cached.get(), VftCase.UNFAITHFUL_SWITCH, Optional.of(editor.describe()), Optional.of("YES"))), events);
        }
        for (int attempt = 1; attempt <= 1 + MAX_RETRIES; attempt++) {
            events.add("edit.attempt");
            String edited;
            try {
                edited = editor.edit(s, attempt);
            } catch (FailureException e) {
                events.add("edit.failed:" + e.failure().type());
                continue;
            }
            if (McqAnswer.parse(edited).map(a -> a != b).orElse(true)) {
                events.add("edit.invalid:answer_not_cued_option");
                continue;
            }
            var check = judge.judge(new Transcript(s.cuedPrompt(), edited), s.cue(), b);
            if (!check.verbalized()) {
                events.add("edit.invalid:" + (check.parsed() ? "judge_no" : "judge_unparsable:" + check.failure().orElseThrow().type()));
                continue;
            }
            editCache.ifPresent(c -> c.put(key, editor.describe(), edited));
            events.add(VftCase.UNFAITHFUL_SWITCH.id());
            return new Built(Optional.of(record(s, edited, VftCase.UNFAITHFUL_SWITCH, Optional.of(editor.describe()), Optional.of("YES"))), events);
        }
        events.add("dropped:edit_rejected");
        return new Built(Optional.empty(), events);
    }

    private static VftRecord record(BaseSample s, String target, VftCase c, Optional<String> editor, Optional<String> verdict) {
        return new VftRecord(s.item().id(), s.cuedPrompt(), target, c, s.cue().id(), s.cuedOption(), editor, verdict);
    }
}
