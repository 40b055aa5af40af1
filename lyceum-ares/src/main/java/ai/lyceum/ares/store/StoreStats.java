package ai.lyceum.ares.store;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Counts and distributions over the filtered rollouts: what {@code lyceum ares stats} prints and the web UI charts.
 *
 * @param tasks distinct task instructions
 */
public record StoreStats(long episodes, long frames, long tasks, Map<String, DatasetCounts> datasets) {
    public record DatasetCounts(long episodes, long frames, long tasks) {}

    /** One bar of a distribution: a category (or a numeric bin's range, {@code [lo, hi)}) and its count. */
    public record Bucket(String label, long count) {}

    public static StoreStats of(AresStore store, Filter filter) {
        var total = store.aggregate("count(*), coalesce(sum(length), 0), count(DISTINCT task_language_instruction)", "",
                filter, rs -> new long[] {rs.getLong(1), rs.getLong(2), rs.getLong(3)}).get(0);
        var per = new LinkedHashMap<String, DatasetCounts>();
        store.aggregate("dataset_name, count(*), coalesce(sum(length), 0), count(DISTINCT task_language_instruction)",
                "GROUP BY dataset_name ORDER BY dataset_name", filter,
                rs -> per.put(rs.getString(1), new DatasetCounts(rs.getLong(2), rs.getLong(3), rs.getLong(4))));
        return new StoreStats(total[0], total[1], total[2], per);
    }

    /**
     * Top categories of a text or boolean column, or ten equal-width bins of a numeric one, each labelled by its
     * range with as many digits as tell neighbouring edges apart. Empty when no row has a value.
     */
    public static List<Bucket> distribution(AresStore store, Filter filter, String column) {
        var col = ai.lyceum.ares.model.Schema.ROLLOUT.column(column)
                .orElseThrow(() -> new IllegalArgumentException("unknown column " + column));
        var q = "\"" + col.name() + "\"";
        var out = new ArrayList<Bucket>();
        switch (col.type()) {
            case BIGINT, DOUBLE -> {
                var range = store.aggregate("min(" + q + "), max(" + q + "), count(" + q + ")", "", filter,
                        rs -> new double[] {rs.getDouble(1), rs.getDouble(2), rs.getLong(3)}).get(0);
                if (range[2] == 0) return out; // no values: no bars (min and max are NULL)
                double lo = range[0], width = (range[1] - range[0]) / 10;
                if (!(width > 0)) {
                    out.add(new Bucket(edge(lo, 1), (long) range[2]));
                    return out;
                }
                var counts = new long[10];
                store.aggregate("least(9, CAST(floor((" + q + " - " + lo + ") / " + width + ") AS BIGINT)) AS b, count(*)",
                        "AND " + q + " IS NOT NULL GROUP BY b ORDER BY b", filter, rs -> counts[(int) rs.getLong(1)] = rs.getLong(2));
                for (int i = 0; i < 10; i++) {
                    out.add(new Bucket(edge(lo + i * width, width) + "–" + edge(lo + (i + 1) * width, width), counts[i]));
                }
            }
            default -> store.aggregate("CAST(" + q + " AS TEXT) AS v, count(*) AS n", "GROUP BY v ORDER BY n DESC, v LIMIT 20", filter,
                    rs -> out.add(new Bucket(rs.getString(1) == null ? "(none)" : rs.getString(1), rs.getLong(2))));
        }
        return out;
    }

    /** {@code v} with enough decimals that edges {@code step} apart read differently. */
    private static String edge(double v, double step) {
        if (v == Math.rint(v) && step >= 1 && step == Math.rint(step)) return Long.toString((long) v);
        int decimals = Math.max(0, Math.min(12, (int) Math.ceil(-Math.log10(step)) + 1));
        return String.format(java.util.Locale.ROOT, "%." + decimals + "f", v);
    }
}
