package ai.lyceum.env.propose;

import java.util.ArrayList;
import java.util.List;

/**
 * R-Zero's repetition penalty: the proposals of one batch are clustered (agglomerative, average linkage, distance
 * {@code 1 − BLEU}, merging while the closest pair of clusters is nearer than the threshold, 0.5 by default, as
 * scikit-learn's {@code distance_threshold} does) and each proposal is penalised by its cluster's share of the batch.
 * The distance of i and j (i &lt; j) is {@code 1 − BLEU(hypothesis i, reference j)}, used both ways as the code does.
 */
public final class RepetitionPenalty {
    public static final double DEFAULT_THRESHOLD = 0.5;

    private RepetitionPenalty() {}

    /** Each proposal's penalty: the share of {@code tokenized} in its cluster. */
    public static double[] shares(List<List<String>> tokenized, double threshold) {
        int[] label = clusters(distances(tokenized), threshold);
        int[] size = new int[label.length];
        for (int l : label) size[l]++;
        double[] out = new double[label.length];
        for (int i = 0; i < label.length; i++) out[i] = (double) size[label[i]] / label.length;
        return out;
    }

    public static double[] shares(List<List<String>> tokenized) { return shares(tokenized, DEFAULT_THRESHOLD); }

    /** The symmetric {@code 1 − BLEU} matrix, zero on the diagonal. */
    public static double[][] distances(List<List<String>> tokenized) {
        int n = tokenized.size();
        double[][] d = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = i + 1; j < n; j++) d[i][j] = d[j][i] = 1 - Bleu.sentence(tokenized.get(i), tokenized.get(j));
        }
        return d;
    }

    /**
     * Cluster labels, 0 … m−1 in order of each cluster's first member, from average-linkage agglomeration that
     * merges the closest pair of clusters while their mean pairwise distance is below {@code threshold}.
     */
    public static int[] clusters(double[][] distance, double threshold) {
        var members = new ArrayList<List<Integer>>();
        for (int i = 0; i < distance.length; i++) members.add(new ArrayList<>(List.of(i)));
        while (members.size() > 1) {
            int bestA = -1, bestB = -1;
            double best = Double.POSITIVE_INFINITY;
            for (int a = 0; a < members.size(); a++) {
                for (int b = a + 1; b < members.size(); b++) {
                    double link = averageLink(distance, members.get(a), members.get(b));
                    if (link < best) {
                        best = link;
                        bestA = a;
                        bestB = b;
                    }
                }
            }
            if (!(best < threshold)) break;
            members.get(bestA).addAll(members.remove(bestB));
        }
        int[] label = new int[distance.length];
        members.sort(java.util.Comparator.comparingInt(m -> m.stream().mapToInt(Integer::intValue).min().orElseThrow()));
        for (int c = 0; c < members.size(); c++) for (int i : members.get(c)) label[i] = c;
        return label;
    }

    private static double averageLink(double[][] d, List<Integer> a, List<Integer> b) {
        double sum = 0;
        for (int i : a) for (int j : b) sum += d[i][j];
        return sum / (a.size() * b.size());
    }
}
