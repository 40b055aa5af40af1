package ai.lyceum.reward.judge;

import ai.lyceum.failure.Failure;
import ai.lyceum.failure.FailureException;
import ai.lyceum.policy.GenerationRequest;
import ai.lyceum.policy.Policy;
import ai.lyceum.policy.Sampling;
import ai.lyceum.reward.rubric.Category;
import ai.lyceum.reward.rubric.Criterion;
import ai.lyceum.reward.rubric.Rubric;
import ai.lyceum.reward.rubric.RubricWeighting;
import ai.lyceum.task.Message;
import ai.lyceum.task.Task;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Writes a rubric for a question from its reference answer through a model (RaR §6: GPT-4o for medicine, o3-mini
 * for science), in the data convention: category prefixes, weights 1–5, pitfalls stored negative. The reply is
 * validated (7–20 items, valid prefixes, weights in range, titles of 1–6 words) after near-duplicates are removed;
 * an invalid reply is asked again, and the last reason becomes a typed failure. Accepted replies are cached by
 * (model, template, question, reference), so regenerating a data set is deterministic and free.
 */
public final class RubricGenerator {
    /** Bump when the prompt templates change, so cached rubrics of the old prompt are not reused. */
    static final String TEMPLATE_VERSION = "rubric-generator-v1";
    static final int MIN_ITEMS = 7;
    static final int MAX_ITEMS = 20;

    public enum Domain {
        MEDICINE(", patient-centredness and empathy"),
        SCIENCE(", with examples from biology, physics and chemistry (for example, conservation of energy)"),
        GENERAL("");

        private final String aspects;

        Domain(String aspects) { this.aspects = aspects; }
    }

    private final Policy model;
    private final Optional<JudgeCache> cache;
    private final Domain domain;
    private final int attempts;
    private final Sampling sampling = Sampling.DEFAULT.withTemperature(0).withMaxTokens(4096);

    public RubricGenerator(Policy model, Optional<JudgeCache> cache, Domain domain, int attempts) {
        this.model = Objects.requireNonNull(model, "model");
        this.cache = Objects.requireNonNull(cache, "cache");
        this.domain = Objects.requireNonNull(domain, "domain");
        if (attempts < 1) throw new IllegalArgumentException("attempts must be >= 1, was " + attempts);
        this.attempts = attempts;
    }

    /**
     * @throws FailureException with the model's failure, or {@link Failure.Unparseable} naming why the last reply
     *                          was not a valid rubric
     */
    public Rubric generate(String question, String referenceAnswer) throws FailureException, InterruptedException {
        var values = Map.of("question", question, "reference", referenceAnswer, "domain_aspects", domain.aspects);
        var messages = List.of(Message.system(Prompts.render("generate.system", values)),
                Message.user(Prompts.render("generate.user", values)));
        var key = JudgeCache.key(model.describe() + "|" + TEMPLATE_VERSION, messages, sampling);
        if (cache.isPresent()) {
            var hit = cache.get().get(key);
            if (hit.isPresent()) {
                try {
                    return parse(hit.get());
                } catch (IllegalArgumentException stale) {
                    // fall through and ask again
                }
            }
        }
        var request = new GenerationRequest(new Task("rubric-generator", messages, Optional.empty(), Map.of()), messages, sampling);
        String reason = "";
        for (int attempt = 1; attempt <= attempts; attempt++) {
            var reply = model.generate(request).text();
            try {
                var rubric = parse(reply);
                cache.ifPresent(c -> c.put(key, model.describe(), reply));
                return rubric;
            } catch (IllegalArgumentException invalid) {
                reason = invalid.getMessage();
            }
        }
        throw new FailureException(new Failure.Unparseable("generated rubric invalid after " + attempts + " attempts: " + reason));
    }

    /** Parses, deduplicates and validates one reply. */
    static Rubric parse(String reply) {
        var array = ReplyParser.firstArray(reply)
                .orElseThrow(() -> new IllegalArgumentException("no JSON array in reply: " + Failure.excerpt(reply)));
        var items = new ArrayList<Criterion>();
        int n = 0;
        for (JsonNode item : array) {
            n++;
            items.add(item(item, n));
        }
        var kept = deduplicated(items);
        if (kept.size() < MIN_ITEMS || kept.size() > MAX_ITEMS) {
            throw new IllegalArgumentException("rubric has " + kept.size() + " distinct items; expected "
                    + MIN_ITEMS + " to " + MAX_ITEMS);
        }
        return new Rubric(kept, RubricWeighting.DATA_INTEGER);
    }

    private static Criterion item(JsonNode item, int n) {
        var where = "item " + n;
        if (!item.path("title").isTextual() || !item.path("description").isTextual() || !item.path("weight").isNumber()) {
            throw new IllegalArgumentException(where + " needs string title, string description and numeric weight: " + Failure.excerpt(item.toString()));
        }
        var title = item.get("title").asText().strip();
        int words = title.isEmpty() ? 0 : title.split("\\s+").length;
        if (words < 1 || words > 6) throw new IllegalArgumentException(where + " title has " + words + " words; expected 1 to 6");
        var description = item.get("description").asText().strip();
        var category = Category.fromPrefix(description)
                .orElseThrow(() -> new IllegalArgumentException(where + " description lacks a category prefix: " + Failure.excerpt(description)));
        double w = item.get("weight").asDouble();
        if (w != Math.rint(w)) throw new IllegalArgumentException(where + " weight " + w + " is not an integer");
        double magnitude = Math.abs(w);
        if (category == Category.PITFALL) {
            if (magnitude < 1 || magnitude > 2) throw new IllegalArgumentException(where + " pitfall weight " + w + " must be 1 or 2");
            magnitude = -magnitude; // the data convention stores pitfalls negative
        } else if (w < 1 || w > 5) {
            throw new IllegalArgumentException(where + " weight " + w + " must be 1 to 5");
        }
        return Criterion.judged(title, description, magnitude);
    }

    /** Drops an item whose words (prefix aside) overlap an earlier item's by ≥ 80% (Jaccard). */
    static List<Criterion> deduplicated(List<Criterion> items) {
        var kept = new ArrayList<Criterion>();
        var keptWords = new ArrayList<Set<String>>();
        outer:
        for (var c : items) {
            var words = words(c.description().substring(c.category().prefix().length()));
            for (var other : keptWords) {
                var union = new HashSet<>(words);
                union.addAll(other);
                var common = new HashSet<>(words);
                common.retainAll(other);
                if (!union.isEmpty() && (double) common.size() / union.size() >= 0.8) continue outer;
            }
            kept.add(c);
            keptWords.add(words);
        }
        return kept;
    }

    private static Set<String> words(String text) {
        return Arrays.stream(text.toLowerCase(Locale.ROOT).split("[^\\p{L}\\p{N}]+"))
                .filter(w -> !w.isEmpty()).collect(Collectors.toSet());
    }
}
