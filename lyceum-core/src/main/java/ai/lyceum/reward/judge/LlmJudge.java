package ai.lyceum.reward.judge;

import ai.lyceum.failure.Failure;
import ai.lyceum.failure.FailureException;
import ai.lyceum.policy.GenerationRequest;
import ai.lyceum.policy.Policy;
import ai.lyceum.reward.rubric.CriterionOutcome;
import ai.lyceum.reward.rubric.Judge;
import ai.lyceum.reward.rubric.JudgeInput;
import ai.lyceum.reward.rubric.RatingOutcome;
import ai.lyceum.reward.rubric.Verdict;
import ai.lyceum.task.Message;
import ai.lyceum.task.Task;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Function;

/**
 * A judge that is a language model: any {@link Policy}, typically an {@code OpenAiPolicy}, whose limiter bounds
 * the calls in flight. Per-criterion mode asks each criterion on its own virtual thread; batched mode asks all in
 * one call. A reply is read leniently ({@link ReplyParser}); an unparseable reply is asked again, up to
 * {@link JudgeOptions#parseAttempts()}, and then becomes {@link Failure.Unparseable}. Transport failures come typed
 * from the policy, which has already retried them.
 *
 * <p>Responses longer than {@link JudgeOptions#chunkTriggerChars()} are graded chunk-then-decide: evidence per chunk,
 * then one synthesis call per criterion. Ratings of such responses see the head and tail with a marker.
 */
public final class LlmJudge implements Judge {
    private static final Set<String> VERDICT_KEYS = Set.of("verdict", "criteria_met");

    private final Policy policy;
    private final JudgeOptions options;
    private final Optional<JudgeCache> cache;
    private final String modelId;
    private final Map<String, LongAdder> counters = new ConcurrentHashMap<>();
    private volatile boolean ownsPolicy;

    /** A judge over a policy the caller keeps and closes. */
    public LlmJudge(Policy policy, JudgeOptions options, Optional<JudgeCache> cache) {
        this.policy = Objects.requireNonNull(policy, "policy");
        this.options = Objects.requireNonNull(options, "options");
        this.cache = Objects.requireNonNull(cache, "cache");
        this.modelId = options.modelId().orElse(policy.describe());
    }

    public LlmJudge(Policy policy) { this(policy, JudgeOptions.defaults(), Optional.empty()); }

    /** A judge that closes its policy when it is closed. */
    public static LlmJudge owning(Policy policy, JudgeOptions options, Optional<JudgeCache> cache) {
        var judge = new LlmJudge(policy, options, cache);
        judge.ownsPolicy = true;
        return judge;
    }

    @Override
    public void close() {
        if (ownsPolicy) policy.close();
    }

    @Override
    public String describe() { return "llm:" + policy.describe() + "/" + options.mode().name().toLowerCase(); }

    @Override
    public List<CriterionOutcome> grade(JudgeInput input, List<Integer> criteria) throws InterruptedException {
        if (criteria.isEmpty()) return List.of();
        boolean longResponse = input.response().length() > options.chunkTriggerChars();
        if (options.mode() == JudgeOptions.Mode.BATCHED && !longResponse) return batched(input, criteria);
        var tag = Prompts.tag(List.of(input.conversationText(), input.response())); // shared by the criteria
        try (var executor = Executors.newVirtualThreadPerTaskExecutor()) {
            var futures = new ArrayList<Future<CriterionOutcome>>(criteria.size());
            for (int index : criteria) {
                futures.add(executor.submit(() -> longResponse ? chunked(input, index) : single(input, index, tag)));
            }
            var out = new ArrayList<CriterionOutcome>(criteria.size());
            for (var f : futures) out.add(join(f));
            return out;
        }
    }

    @Override
    public RatingOutcome rate(JudgeInput input, RatingKind kind) throws InterruptedException {
        var response = shortened(input.response());
        var values = new HashMap<String, String>();
        values.put("conversation", input.conversationText());
        values.put("response", response);
        values.put("reference", input.reference().orElse(""));
        values.put("tag", Prompts.tag(List.of(input.conversationText(), response, input.reference().orElse(""))));
        var criteria = new StringBuilder();
        for (var c : input.rubric().criteria()) criteria.append(Prompts.rubricLine(c)).append('\n');
        values.put("criteria", criteria.toString().strip());
        var name = switch (kind) {
            case RUBRIC -> "implicit";
            case DIRECT -> "direct";
            case REFERENCE -> "reference";
        };
        var asked = ask(input, Prompts.render(name + ".system", values), Prompts.render(name + ".user", values),
                reply -> ReplyParser.firstObject(reply).flatMap(o -> ReplyParser.rating(o).map(r -> Map.entry(r, o))));
        if (asked.failure().isPresent()) return new RatingOutcome.Failed(asked.failure().get());
        var rated = asked.value().get();
        var details = ReplyParser.extras(rated.getValue(), Set.of("rating"));
        if (response.length() != input.response().length()) details.put("shortened_from_chars", input.response().length());
        return new RatingOutcome.Rated(rated.getKey(), "judge", details);
    }

    @Override
    public Map<String, Long> counters() {
        var out = new TreeMap<String, Long>(policy.counters());
        counters.forEach((k, v) -> out.put(k, v.sum()));
        return out;
    }

    private CriterionOutcome single(JudgeInput input, int index, String tag) throws InterruptedException {
        var c = input.rubric().get(index);
        var values = Map.of("conversation", input.conversationText(), "response", input.response(), "tag", tag,
                "criterion", Prompts.criterion(c), "pitfall_note", Prompts.pitfallNote(c));
        var asked = ask(input, Prompts.render("criterion.system", values), Prompts.render("criterion.user", values),
                reply -> ReplyParser.firstObject(reply).flatMap(o -> ReplyParser.verdict(o).map(v -> Map.entry(v, o))));
        return toOutcome(asked);
    }

    private List<CriterionOutcome> batched(JudgeInput input, List<Integer> criteria) throws InterruptedException {
        var list = new StringBuilder();
        for (int k = 0; k < criteria.size(); k++) {
            var c = input.rubric().get(criteria.get(k));
            list.append(k + 1).append(". ").append(Prompts.criterion(c));
            if (c.describesBadBehaviour()) list.append(" [describes a bad behaviour]");
            list.append('\n');
        }
        var values = Map.of("conversation", input.conversationText(), "response", input.response(),
                "tag", Prompts.tag(List.of(input.conversationText(), input.response())),
                "criteria", list.toString().strip(), "count", Integer.toString(criteria.size()));
        int n = criteria.size();
        var asked = ask(input, Prompts.render("batched.system", values), Prompts.render("batched.user", values),
                reply -> ReplyParser.firstObject(reply).flatMap(o -> batchedVerdicts(o, n)));
        if (asked.failure().isPresent()) {
            var failed = new CriterionOutcome.Failed(asked.failure().get());
            return java.util.Collections.nCopies(n, failed);
        }
        return asked.value().get();
    }

    /** All n verdicts of a batched reply, or empty if any is missing or unreadable (the reply is asked again). */
    private static Optional<List<CriterionOutcome>> batchedVerdicts(JsonNode reply, int n) {
        var entries = reply.path("verdicts");
        if (!entries.isArray()) return Optional.empty();
        var found = new CriterionOutcome[n];
        for (var e : entries) {
            int k = e.path("criterion").asInt(0);
            var verdict = ReplyParser.verdict(e);
            if (k < 1 || k > n || verdict.isEmpty()) continue;
            found[k - 1] = new CriterionOutcome.Graded(verdict.get(), "judge",
                    ReplyParser.extras(e, Set.of("criterion", "verdict", "criteria_met")));
        }
        for (var f : found) if (f == null) return Optional.empty();
        return Optional.of(List.of(found));
    }

    private CriterionOutcome chunked(JudgeInput input, int index) throws InterruptedException {
        var c = input.rubric().get(index);
        var chunks = Chunker.split(input.response(), options.chunkChars());
        var evidence = new StringBuilder();
        for (int i = 0; i < chunks.size(); i++) {
            var values = Map.of("conversation", input.conversationText(), "response", chunks.get(i),
                    "tag", Prompts.tag(List.of(input.conversationText(), chunks.get(i))),
                    "criterion", Prompts.criterion(c), "pitfall_note", Prompts.pitfallNote(c),
                    "chunk_index", Integer.toString(i + 1), "chunk_count", Integer.toString(chunks.size()));
            var asked = ask(input, Prompts.render("criterion.system", values), Prompts.render("chunk.user", values),
                    ReplyParser::firstObject);
            if (asked.failure().isPresent()) return new CriterionOutcome.Failed(asked.failure().get());
            evidence.append("Part ").append(i + 1).append(": ").append(asked.value().get()).append('\n');
        }
        var values = Map.of("conversation", input.conversationText(), "evidence", evidence.toString().strip(),
                "tag", Prompts.tag(List.of(input.conversationText(), evidence.toString())),
                "criterion", Prompts.criterion(c), "pitfall_note", Prompts.pitfallNote(c),
                "chunk_count", Integer.toString(chunks.size()));
        var asked = ask(input, Prompts.render("criterion.system", values), Prompts.render("synthesis.user", values),
                reply -> ReplyParser.firstObject(reply).flatMap(o -> ReplyParser.verdict(o).map(v -> Map.entry(v, o))));
        var outcome = toOutcome(asked);
        if (outcome instanceof CriterionOutcome.Graded g) {
            var details = new HashMap<>(g.details());
            details.put("chunks", chunks.size());
            return new CriterionOutcome.Graded(g.verdict(), g.source(), details);
        }
        return outcome;
    }

    private static CriterionOutcome toOutcome(Asked<Map.Entry<Verdict, JsonNode>> asked) {
        if (asked.failure().isPresent()) return new CriterionOutcome.Failed(asked.failure().get());
        var v = asked.value().get();
        return new CriterionOutcome.Graded(v.getKey(), "judge", ReplyParser.extras(v.getValue(), VERDICT_KEYS));
    }

    private record Asked<T>(Optional<T> value, Optional<Failure> failure) {}

    /** One judge question: cache, then up to parseAttempts calls until a reply parses. */
    private <T> Asked<T> ask(JudgeInput input, String system, String user, Function<String, Optional<T>> parse)
            throws InterruptedException {
        var messages = List.of(Message.system(system), Message.user(user));
        var key = cache.map(c -> JudgeCache.key(modelId, messages, options.sampling()));
        if (key.isPresent()) {
            var hit = cache.get().get(key.get()).flatMap(parse);
            if (hit.isPresent()) {
                count("cache.hit");
                return new Asked<>(hit, Optional.empty());
            }
            count("cache.miss");
        }
        var request = new GenerationRequest(new Task("judge:" + input.id(), messages, Optional.empty(), Map.of()),
                messages, options.sampling());
        String last = "";
        for (int attempt = 1; attempt <= options.parseAttempts(); attempt++) {
            try {
                last = policy.generate(request).text();
            } catch (FailureException e) {
                return new Asked<>(Optional.empty(), Optional.of(e.failure()));
            }
            var parsed = parse.apply(last);
            if (parsed.isPresent()) {
                var reply = last;
                key.ifPresent(k -> cache.get().put(k, modelId, reply));
                return new Asked<>(parsed, Optional.empty());
            }
            if (attempt < options.parseAttempts()) count("retry.unparseable_reply");
        }
        count("failed.unparseable_reply");
        return new Asked<>(Optional.empty(), Optional.of(new Failure.Unparseable(
                "no reply-contract JSON after " + options.parseAttempts() + " attempts; last reply: " + Failure.excerpt(last))));
    }

    /** Head and tail of a response too long to rate whole, with a marker naming what was left out. */
    private String shortened(String response) {
        int max = options.ratingMaxChars();
        if (response.length() <= max) return response;
        int half = max / 2;
        return response.substring(0, half) + "\n\n[… " + (response.length() - 2 * half) + " characters omitted …]\n\n"
                + response.substring(response.length() - half);
    }

    private void count(String name) { counters.computeIfAbsent(name, k -> new LongAdder()).increment(); }

    private static <T> T join(Future<T> f) throws InterruptedException {
        try {
            return f.get();
        } catch (ExecutionException e) {
            throw new IllegalStateException("judging crashed: " + e.getCause(), e.getCause());
        }
    }
}
