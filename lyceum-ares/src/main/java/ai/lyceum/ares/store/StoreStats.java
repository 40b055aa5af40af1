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

    /** One bar of a distribution: a category (or a numeric bin's lower edge) and its count. */
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

    /** Top categories of a text or boolean column, or ten equal-width bins of a numeric one. */
    public static List<Bucket> distribution(AresStore store, Filter filter, String column) {
        var col = ai.lyceum.ares.model.Schema.ROLLOUT.column(column)
                .orElseThrow(() -> new IllegalArgumentException("unknown column " + column));
        var q = "\"" + col.name() + "\"";
        var out = new ArrayList<Bucket>();
        switch (col.type()) {
            case BIGINT, DOUBLE -> {
                var range = store.aggregate("min(" + q + "), max(" + q + ")", "", filter, rs -> new double[] {rs.getDouble(1), rs.getDouble(2)}).get(0);
                double lo = range[0], width = (range[1] - range[0]) / 10;
                if (!(width > 0)) {
                    store.aggregate("count(" + q + ")", "", filter, rs -> out.add(new Bucket(fmt(lo), rs.getLong(1))));
                    return out;
                }
                var counts = new long[10];
                store.aggregate("least(9, CAST(floor((" + q + " - " + lo + ") / " + width + ") AS BIGINT)) AS b, count(*)",
                        "AND " + q + " IS NOT NULL GROUP BY b ORDER BY b", filter, rs -> counts[(int) rs.getLong(1)] = rs.getLong(2));
                for (int i = 0; i < 10; i++) out.add(new Bucket(fmt(lo + i * width), counts[i]));
            }
            default -> store.aggregate("CAST(" + q + " AS TEXT) AS v, count(*) AS n", "GROUP BY v ORDER BY n DESC, v LIMIT 20", filter,
                    rs -> out.add(new Bucket(rs.getString(1) == null ? "(none)" : rs.getString(1), rs.getLong(2))));
        }
        return out;
    }

    private static String fmt(double v) { return v == Math.rint(v) ? Long.toString((long) v) : String.format("%.3g", v); }
}
