package ai.lyceum.env.propose;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Sentence BLEU as R-Zero's repetition penalty computes it: NLTK's {@code sentence_bleu} with one reference,
 * uniform weights over 1- to 4-grams and {@code SmoothingFunction().method1} (a precision with no match counts
 * 0.1 over its n-gram total, or over 1 when the hypothesis has no n-gram of that order). As in NLTK, no unigram
 * match gives 0 outright, and the brevity penalty is {@code exp(1 − r/c)} for a hypothesis shorter than the reference.
 */
public final class Bleu {
    private static final int MAX_ORDER = 4;
    private static final double EPSILON = 0.1;

    private Bleu() {}

    public static double sentence(List<String> hypothesis, List<String> reference) {
        double logSum = 0;
        for (int n = 1; n <= MAX_ORDER; n++) {
            var hyp = ngrams(hypothesis, n);
            var ref = ngrams(reference, n);
            int matched = 0, total = 0;
            for (var e : hyp.entrySet()) {
                total += e.getValue();
                matched += Math.min(e.getValue(), ref.getOrDefault(e.getKey(), 0));
            }
            if (n == 1 && matched == 0) return 0;
            int denominator = Math.max(1, total);
            double precision = matched == 0 ? EPSILON / denominator : (double) matched / denominator;
            logSum += Math.log(precision) / MAX_ORDER;
        }
        int c = hypothesis.size(), r = reference.size();
        double brevity = c > r ? 1 : Math.exp(1 - (double) r / c);
        return brevity * Math.exp(logSum);
    }

    private static Map<List<String>, Integer> ngrams(List<String> tokens, int n) {
        var out = new HashMap<List<String>, Integer>();
        for (int i = 0; i + n <= tokens.size(); i++) out.merge(tokens.subList(i, i + n), 1, Integer::sum);
        return out;
    }
}
