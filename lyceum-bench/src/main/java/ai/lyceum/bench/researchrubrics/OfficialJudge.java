package ai.lyceum.bench.researchrubrics;

import ai.lyceum.failure.Failure;
import ai.lyceum.failure.FailureException;
import ai.lyceum.policy.Completion;
import ai.lyceum.policy.GenerationRequest;
import ai.lyceum.policy.Policy;
import ai.lyceum.policy.Sampling;
import ai.lyceum.reward.judge.JudgeCache;
import ai.lyceum.reward.judge.ReplyParser;
import ai.lyceum.reward.rubric.Grading;
import ai.lyceum.reward.rubric.RrTask;
import ai.lyceum.reward.rubric.Verdict;
import ai.lyceum.task.Message;
import ai.lyceum.task.Task;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * The public grader's judge: one call per (report, criterion) with the official system and user prompts; a report
 * over the chunking threshold goes chunk by chunk ({@link ReportChunker}) and then to one synthesis call whose
 * verdict is final. A reply is read leniently (the first JSON object in it) and must name a verdict; an unreadable
 * reply is asked again up to three times, as the grader does, except chunk and synthesis calls in
 * {@link ChunkMode#PARITY}, which the grader asks once.
 *
 * <p>Transport retries (3 attempts with exponential back-off in the grader) and the bound on calls in flight (20)
 * are the policies' own: {@code policy} for ordinary calls, {@code onceOnly} (a policy with one attempt) for chunk
 * and synthesis calls in parity mode. Replies that parsed are cached by (model, sampling, every prompt message), so
 * the key covers report, criterion, grading and prompt version.
 */
public final class OfficialJudge implements ItemJudge {
    /** Calls per question, as the public grader (and transport attempts per call, which the policy makes). */
    public static final int ATTEMPTS = 3;

    private final Policy policy;
    private final Policy onceOnly;
    private final String modelId;
    private final Grading grading;
    private final ChunkMode chunking;
    private final RrPrompts prompts;
    private final Sampling sampling;
    private final Optional<JudgeCache> cache;
    private final Map<String, LongAdder> counters = new ConcurrentHashMap<>();
    private final List<AutoCloseable> owned = new ArrayList<>();

    public OfficialJudge(Policy policy, Policy onceOnly, String modelId, Grading grading, ChunkMode chunking,
                         Sampling sampling, Optional<JudgeCache> cache) {
        this.policy = Objects.requireNonNull(policy, "policy");
        this.onceOnly = Objects.requireNonNull(onceOnly, "onceOnly");
        this.modelId = Objects.requireNonNull(modelId, "modelId");
        this.grading = Objects.requireNonNull(grading, "grading");
        this.chunking = Objects.requireNonNull(chunking, "chunking");
        this.prompts = RrPrompts.of(grading);
        this.sampling = Objects.requireNonNull(sampling, "sampling");
        this.cache = Objects.requireNonNull(cache, "cache");
    }

    /** This judge, closing {@code resources} (its policies, its cache) when it is closed. */
    public OfficialJudge owning(AutoCloseable... resources) {
        owned.addAll(List.of(resources));
        return this;
    }

    @Override
    public void close() {
        for (var r : owned) {
            try {
                r.close();
            } catch (Exception e) {
                throw new IllegalStateException("closing " + r + ": " + e.getMessage(), e);
            }
        }
    }

    @Override
    public String describe() {
        return "official:" + policy.describe() + "/" + grading.name().toLowerCase() + "/" + chunking.name().toLowerCase();
    }

    @Override
    public Map<String, Long> counters() {
        var out = new TreeMap<String, Long>(policy.counters());
        counters.forEach((k, v) -> out.put(k, v.sum()));
        return out;
    }

    @Override
    public RrVerdict judge(RrTask task, int index, String report) throws InterruptedException {
        var c = task.rubrics().get(index);
        var item = new Item(task.sampleId(), index, c.description(), c.axis().orElse(""), c.weight());
        return ReportChunker.needsChunking(report) ? chunked(item, report) : single(item, report);
    }

    private record Item(String sampleId, int index, String criterion, String axis, double weight) {
        RrVerdict failed(Failure f) {
            return RrVerdict.failed(sampleId, index, criterion, axis, weight, f.type(), f.detail(), "judge");
        }
    }

    private RrVerdict single(Item item, String report) throws InterruptedException {
        var user = RrPrompts.format(prompts.user(), Map.of("document_content", report, "rubric_title", item.criterion(),
                "rubric_category", item.axis(), "rubric_weight", RrPrompts.pythonFloat(item.weight())));
        var asked = ask(item, prompts.system(), user, policy, ATTEMPTS, OfficialJudge::withVerdict);
        if (asked.failure().isPresent()) return item.failed(asked.failure().get());
        return verdict(item, asked.reply().get(), asked.tokens(), 0, asked.cached());
    }

    private RrVerdict chunked(Item item, String report) throws InterruptedException {
        var chunks = ReportChunker.split(report, chunking);
        var onceOrRetried = chunking == ChunkMode.PARITY ? onceOnly : policy;
        int attempts = chunking == ChunkMode.PARITY ? 1 : ATTEMPTS;
        var evidence = new ArrayList<JsonNode>();
        long tokens = 0;
        boolean allCached = true;
        for (int i = 0; i < chunks.size(); i++) {
            var user = RrPrompts.format(prompts.chunk(), Map.of("chunk_num", Integer.toString(i + 1),
                    "total_chunks", Integer.toString(chunks.size()),
                    "context_summary", i > 0 ? "Previous chunks evaluated" : "First chunk",
                    "chunk_content", chunks.get(i), "rubric_title", item.criterion(), "rubric_category", item.axis()));
            var asked = ask(item, RrPrompts.CHUNK_SYSTEM, user, onceOrRetried, attempts, OfficialJudge::withEvidence);
            if (asked.failure().isPresent()) return item.failed(asked.failure().get());
            asked.reply().get().get("relevant_evidence").forEach(evidence::add);
            tokens += asked.tokens();
            allCached &= asked.cached();
        }
        var user = RrPrompts.format(prompts.synthesis(), Map.of("all_evidence", PythonJson.dumpsIndent2(evidence),
                "rubric_title", item.criterion(), "rubric_category", item.axis()));
        var asked = ask(item, prompts.system(), user, onceOrRetried, attempts, OfficialJudge::withVerdict);
        if (asked.failure().isPresent()) return item.failed(asked.failure().get());
        return verdict(item, asked.reply().get(), tokens + asked.tokens(), chunks.size(), allCached && asked.cached());
    }

    private RrVerdict verdict(Item item, JsonNode reply, long tokens, int chunks, boolean cached) {
        var v = Verdict.parse(reply.get("verdict").asText()).orElseThrow();
        return new RrVerdict(item.sampleId(), item.index(), item.criterion(), item.axis(), item.weight(), Optional.of(v),
                reply.path("confidence").asDouble(0), reply.path("reasoning").asText(""),
                RrVerdict.strings(reply.path("evidence_quotes")), RrVerdict.strings(reply.path("missing_elements")),
                tokens, chunks, cached, "judge", Optional.empty());
    }

    /** The reply's object when it names a verdict of this grading's scale. */
    private static Optional<JsonNode> withVerdict(String reply) {
        return ReplyParser.firstObject(reply).filter(o -> o.path("verdict").isTextual()
                && Verdict.parse(o.get("verdict").asText()).isPresent());
    }

    /** A chunk reply must list {@code relevant_evidence} (the grader indexes it and fails the item otherwise). */
    private static Optional<JsonNode> withEvidence(String reply) {
        return ReplyParser.firstObject(reply).filter(o -> o.path("relevant_evidence").isArray());
    }

    private record Asked(Optional<JsonNode> reply, Optional<Failure> failure, long tokens, boolean cached) {}

    private Asked ask(Item item, String system, String user, Policy via, int attempts,
                      java.util.function.Function<String, Optional<JsonNode>> parse) throws InterruptedException {
        var messages = List.of(Message.system(system), Message.user(user));
        var key = cache.map(c -> JudgeCache.key(modelId, messages, sampling));
        if (key.isPresent()) {
            var hit = cache.get().get(key.get()).flatMap(parse);
            if (hit.isPresent()) {
                count("cache.hit");
                return new Asked(hit, Optional.empty(), 0, true);
            }
            count("cache.miss");
        }
        var request = new GenerationRequest(new Task("judge:" + item.sampleId() + "#" + (item.index() + 1), messages,
                Optional.empty(), Map.of()), messages, sampling);
        String last = "";
        long tokens = 0;
        for (int attempt = 1; attempt <= attempts; attempt++) {
            Completion completion;
            try {
                completion = via.generate(request);
            } catch (FailureException e) {
                return new Asked(Optional.empty(), Optional.of(e.failure()), tokens, false);
            }
            tokens += completion.usage().promptTokens() + completion.usage().completionTokens();
            last = completion.text();
            var parsed = parse.apply(last);
            if (parsed.isPresent()) {
                var reply = last;
                key.ifPresent(k -> cache.get().put(k, modelId, reply));
                return new Asked(parsed, Optional.empty(), tokens, false);
            }
            if (attempt < attempts) count("retry.unparseable_reply");
        }
        count("failed.unparseable_reply");
        return new Asked(Optional.empty(), Optional.of(new Failure.Unparseable("no reply-contract JSON after " + attempts
                + " attempt(s); last reply: " + Failure.excerpt(last))), tokens, false);
    }

    private void count(String name) { counters.computeIfAbsent(name, k -> new LongAdder()).increment(); }
}
