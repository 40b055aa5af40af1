package ai.lyceum.reward.judge;

import ai.lyceum.env.cue.CueSpec;
import ai.lyceum.failure.Failure;
import ai.lyceum.failure.FailureException;
import ai.lyceum.policy.GenerationRequest;
import ai.lyceum.policy.Policy;
import ai.lyceum.policy.Sampling;
import ai.lyceum.task.Message;
import ai.lyceum.task.Task;
import ai.lyceum.vft.Transcript;
import ai.lyceum.vft.Verbalization;
import ai.lyceum.vft.VerbalizationJudge;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.regex.Pattern;

/**
 * The verbalization judge as a language model (../shared/specs/vft.md §5): the spec's three questions, the
 * transcript fenced as data between hash-tagged markers ({@link Prompts#tag}) so it cannot close the fence and
 * steer the verdict, temperature 0, one call per transcript. The verdict is the reply's last line of the form
 * {@code Answer: YES|NO}; a reply without one is {@code UNPARSABLE} (type {@code parse}), as is a call that got no
 * reply (its transport failure's type). Replies that parsed are cached ({@link JudgeCache}).
 */
public final class LlmVerbalizationJudge implements VerbalizationJudge {
    private static final Pattern VERDICT_LINE = Pattern.compile("(?m)^\\W*Answer:\\s*\\**\\s*(YES|NO)\\b.*$");
    /** Room for three short paragraphs and the verdict line. */
    public static final Sampling SAMPLING = Sampling.DEFAULT.withTemperature(0).withMaxTokens(1024);

    private final Policy policy;
    private final Optional<JudgeCache> cache;
    private final String modelId;
    private final Map<String, LongAdder> counters = new ConcurrentHashMap<>();

    /** @param policy the judge model; the caller keeps and closes it */
    public LlmVerbalizationJudge(Policy policy, Optional<JudgeCache> cache) {
        this.policy = Objects.requireNonNull(policy, "policy");
        this.cache = Objects.requireNonNull(cache, "cache");
        this.modelId = policy.describe();
    }

    @Override
    public String describe() { return "llm:" + modelId; }

    @Override
    public Verbalization judge(Transcript transcript, CueSpec cue, char cuedOption) throws InterruptedException {
        return judge(transcript, cue.judgeDescription(cuedOption));
    }

    /** The spec's signature: the transcript and the plain-language description of its cue. */
    public Verbalization judge(Transcript transcript, String cueDescription) throws InterruptedException {
        String prompt = transcript.promptText();
        var values = Map.of("cue", cueDescription, "prompt", prompt, "response", transcript.response(),
                "tag", Prompts.tag(List.of(cueDescription, prompt, transcript.response())));
        var messages = List.of(Message.system(Prompts.render("verbalization.system", values)),
                Message.user(Prompts.render("verbalization.user", values)));
        var key = cache.map(c -> JudgeCache.key(modelId, messages, SAMPLING));
        if (key.isPresent()) {
            var hit = cache.get().get(key.get()).flatMap(LlmVerbalizationJudge::verdict);
            if (hit.isPresent()) {
                count("cache.hit");
                return hit.get();
            }
            count("cache.miss");
        }
        String reply;
        try {
            reply = policy.generate(new GenerationRequest(new Task("verbalization-judge", messages, Optional.empty(), Map.of()),
                    messages, SAMPLING)).text();
        } catch (FailureException e) {
            count("failed." + e.failure().type());
            return Verbalization.unparsable(e.failure());
        }
        var parsed = verdict(reply);
        if (parsed.isEmpty()) {
            count("failed.parse");
            return Verbalization.unparsable(new Failure.Unparseable("no 'Answer: YES|NO' line; reply: " + Failure.excerpt(reply)));
        }
        key.ifPresent(k -> cache.get().put(k, modelId, reply));
        return parsed.get();
    }

    /** The verdict of the reply's last {@code Answer: YES|NO} line, the rest of the reply as rationale. */
    static Optional<Verbalization> verdict(String reply) {
        var m = VERDICT_LINE.matcher(reply);
        String last = null;
        int at = -1;
        while (m.find()) {
            last = m.group(1);
            at = m.start();
        }
        if (last == null) return Optional.empty();
        String rationale = reply.substring(0, at).strip();
        return Optional.of(last.equals("YES") ? Verbalization.yes(rationale) : Verbalization.no(rationale));
    }

    @Override
    public Map<String, Long> counters() {
        var out = new TreeMap<String, Long>(policy.counters());
        counters.forEach((k, v) -> out.put(k, v.sum()));
        return out;
    }

    private void count(String name) { counters.computeIfAbsent(name, k -> new LongAdder()).increment(); }
}
