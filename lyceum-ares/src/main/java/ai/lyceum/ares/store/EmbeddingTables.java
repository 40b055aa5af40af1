package ai.lyceum.ares.store;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/** Reads and writes the store's embedding tables: trajectory vectors, their per-group statistics, text vectors. */
public final class EmbeddingTables {
    private final AresStore store;

    public EmbeddingTables(AresStore store) { this.store = store; }

    /** Per-feature Welford state of one (group, kind): count, means and summed squared deviations. */
    public record Moments(String groupKey, String kind, long n, double[] mean, double[] m2) {}

    public List<Moments> moments() {
        return store.select("SELECT group_key, kind, n, mean, m2 FROM embedding_stats ORDER BY group_key, kind", List.of(),
                rs -> new Moments(rs.getString(1), rs.getString(2), rs.getLong(3), Blobs.doubles(rs.getBytes(4)),
                        Blobs.doubles(rs.getBytes(5))));
    }

    public void putMoments(Moments m) {
        synchronized (store) {
            store.update("DELETE FROM embedding_stats WHERE group_key = ? AND kind = ?", m.groupKey(), m.kind());
            store.update("INSERT INTO embedding_stats VALUES (?, ?, ?, ?, ?)", m.groupKey(), m.kind(), m.n(),
                    Blobs.of(m.mean()), Blobs.of(m.m2()));
        }
    }

    /** A stored vector with its rollout. */
    public record Stored(UUID id, TrajectoryVector vector) {}

    /** Visits every stored trajectory vector in pages, so memory stays bounded whatever the store size. */
    public void forEach(java.util.function.Consumer<Stored> action) {
        String after = "";
        while (true) {
            var page = store.select("SELECT rollout_id, kind, group_key, dim, vec FROM trajectory_embedding"
                    + " WHERE rollout_id > ? ORDER BY rollout_id LIMIT 4096", List.of(after), EmbeddingTables::stored);
            if (page.isEmpty()) return;
            page.forEach(action);
            after = page.get(page.size() - 1).id().toString();
        }
    }

    public List<Stored> vectors(UUID id) {
        return store.select("SELECT rollout_id, kind, group_key, dim, vec FROM trajectory_embedding WHERE rollout_id = ?",
                List.of(id.toString()), EmbeddingTables::stored);
    }

    public Optional<Stored> vector(UUID id, String kind) {
        return vectors(id).stream().filter(s -> s.vector().kind().equals(kind)).findFirst();
    }

    private static Stored stored(java.sql.ResultSet rs) throws java.sql.SQLException {
        return new Stored(UUID.fromString(rs.getString(1)),
                new TrajectoryVector(rs.getString(2), rs.getString(3), rs.getInt(4), Blobs.floats(rs.getBytes(5))));
    }

    public void putText(String text, String model, float[] vector) {
        synchronized (store) {
            store.update("DELETE FROM text_embedding WHERE text = ? AND model = ?", text, model);
            store.update("INSERT INTO text_embedding VALUES (?, ?, ?)", text, model, Blobs.of(vector));
        }
    }

    public Map<String, float[]> texts(String model) {
        var out = new LinkedHashMap<String, float[]>();
        store.select("SELECT text, vec FROM text_embedding WHERE model = ?", List.of(model),
                rs -> out.put(rs.getString(1), Blobs.floats(rs.getBytes(2))));
        return out;
    }

    /** Distinct values of a text column (task instructions, descriptions) that have no embedding from {@code model}. */
    public List<String> unembedded(String column, String model) {
        var col = ai.lyceum.ares.model.Schema.ROLLOUT.column(column).orElseThrow();
        return store.select("SELECT DISTINCT \"" + col.name() + "\" FROM rollout WHERE \"" + col.name() + "\" IS NOT NULL AND \""
                + col.name() + "\" NOT IN (SELECT text FROM text_embedding WHERE model = ?)", List.of(model), rs -> rs.getString(1));
    }

    /** Rollouts whose column equals one of the texts, in the order of {@code texts}. */
    public List<UUID> rolloutsWithText(String column, List<String> texts, int limit) {
        var col = ai.lyceum.ares.model.Schema.ROLLOUT.column(column).orElseThrow();
        var out = new ArrayList<UUID>();
        for (var t : texts) {
            if (out.size() >= limit) break;
            out.addAll(store.select("SELECT id FROM rollout WHERE \"" + col.name() + "\" = ? ORDER BY path LIMIT " + (limit - out.size()),
                    List.of(t), rs -> UUID.fromString(rs.getString(1))));
        }
        return out;
    }
}
