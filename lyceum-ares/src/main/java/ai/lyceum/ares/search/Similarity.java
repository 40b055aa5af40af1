package ai.lyceum.ares.search;

import ai.lyceum.ares.store.AresStore;
import ai.lyceum.ares.store.EmbeddingTables;
import ai.lyceum.failure.FailureException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Nearest neighbours of an episode, by trajectory (states or actions, through the HNSW index) or by text (task
 * instruction, through stored text embeddings; exact cosine, since distinct instructions are few), and near
 * duplicates. Thread-safe once built.
 */
public final class Similarity implements AutoCloseable {
    public static final String TASK_COLUMN = "task_language_instruction";

    public record Match(UUID id, double distance) {}

    private final AresStore store;
    private final EmbeddingTables tables;
    private final TrajectoryIndex index;

    private Similarity(AresStore store, TrajectoryIndex index) {
        this.store = store;
        this.tables = new EmbeddingTables(store);
        this.index = index;
    }

    /** Opens the index in {@code indexDir}, building it from the store first when it is missing. */
    public static Similarity open(AresStore store, Path indexDir) throws IOException {
        if (!java.nio.file.Files.exists(indexDir.resolve("segments_1")) && !hasIndex(indexDir)) {
            TrajectoryIndex.rebuild(store, indexDir);
        }
        return new Similarity(store, TrajectoryIndex.open(indexDir));
    }

    private static boolean hasIndex(Path dir) throws IOException {
        if (!java.nio.file.Files.isDirectory(dir)) return false;
        try (var files = java.nio.file.Files.list(dir)) {
            return files.anyMatch(p -> p.getFileName().toString().startsWith("segments_"));
        }
    }

    /** The {@code k} episodes whose {@code kind} trajectory (states or actions) is nearest, the episode itself excluded. */
    public List<Match> byTrajectory(UUID id, String kind, int k) {
        // The query is the episode's own indexed vector: a keyed lookup in Lucene, no scan of the vector table.
        var indexed = index.vector(id, kind);
        if (indexed.isEmpty()) return List.of();
        var out = new ArrayList<Match>();
        for (var n : index.nearest(indexed.get().groupKey(), kind, indexed.get().vector(), k + 1)) {
            if (!n.id().equals(id) && out.size() < k) out.add(new Match(n.id(), n.distance()));
        }
        return out;
    }

    /** Embeds the distinct task instructions not yet embedded by {@code embedder}'s model; returns how many. */
    public static int embedTexts(AresStore store, TextEmbedder embedder) throws FailureException, InterruptedException {
        var tables = new EmbeddingTables(store);
        var missing = tables.unembedded(TASK_COLUMN, embedder.model());
        for (int i = 0; i < missing.size(); i += 64) {
            var batch = missing.subList(i, Math.min(missing.size(), i + 64));
            var vectors = embedder.embed(batch);
            for (int j = 0; j < batch.size(); j++) tables.putText(batch.get(j), embedder.model(), vectors.get(j));
        }
        return missing.size();
    }

    /** Episodes whose task instruction is nearest (cosine) to {@code query}, embedded by {@code embedder}. */
    public List<Match> byText(String query, TextEmbedder embedder, int k) throws FailureException, InterruptedException {
        var q = embedder.embed(List.of(query)).get(0);
        return nearestTexts(q, embedder.model(), k, Optional.empty());
    }

    /** Episodes whose task instruction is nearest to this episode's, the episode itself excluded. */
    public List<Match> byEpisodeText(UUID id, String model, int k) {
        var rollout = store.rollout(id).orElseThrow(() -> new IllegalArgumentException("no episode " + id));
        var text = rollout.task().languageInstruction();
        if (text.isEmpty()) return List.of();
        var q = tables.texts(model).get(text.get());
        if (q == null) return List.of();
        return nearestTexts(q, model, k, Optional.of(id));
    }

    private List<Match> nearestTexts(float[] q, String model, int k, Optional<UUID> exclude) {
        record Scored(String text, double distance) {}
        var scored = new ArrayList<Scored>();
        tables.texts(model).forEach((text, v) -> scored.add(new Scored(text, 1 - cosine(q, v))));
        scored.sort(Comparator.comparingDouble(Scored::distance));
        var out = new ArrayList<Match>();
        for (var s : scored) {
            for (var rid : tables.rolloutsWithText(TASK_COLUMN, List.of(s.text()), k + 1)) {
                if (exclude.isPresent() && exclude.get().equals(rid)) continue;
                if (out.size() < k) out.add(new Match(rid, s.distance()));
            }
            if (out.size() >= k) break;
        }
        return out;
    }

    /** A pair of episodes whose normalised trajectories lie within {@code maxDistance}. */
    public record Duplicate(UUID a, UUID b, double distance) {}

    /** Near-duplicate pairs among {@code ids} by their {@code kind} trajectories, each pair reported once. */
    public List<Duplicate> nearDuplicates(List<UUID> ids, String kind, double maxDistance) {
        var out = new ArrayList<Duplicate>();
        var selected = new java.util.HashSet<>(ids);
        for (var id : ids) {
            for (var m : byTrajectory(id, kind, 5)) {
                boolean once = !selected.contains(m.id()) || id.compareTo(m.id()) < 0; // a pair inside the selection is met twice
                if (m.distance() <= maxDistance && once) out.add(new Duplicate(id, m.id(), m.distance()));
            }
        }
        return out;
    }

    static double cosine(float[] a, float[] b) {
        double dot = 0, na = 0, nb = 0;
        for (int i = 0; i < Math.min(a.length, b.length); i++) {
            dot += a[i] * b[i];
            na += a[i] * a[i];
            nb += b[i] * b[i];
        }
        return na == 0 || nb == 0 ? 0 : dot / Math.sqrt(na * nb);
    }

    @Override
    public void close() throws IOException { index.close(); }
}
