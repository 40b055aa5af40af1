package ai.lyceum.ares.web;

import ai.lyceum.ares.curate.Exporter;
import ai.lyceum.ares.model.NumericTrajectory;
import ai.lyceum.ares.model.Schema;
import ai.lyceum.ares.search.Similarity;
import ai.lyceum.ares.store.AresStore;
import ai.lyceum.ares.store.Filter;
import ai.lyceum.ares.store.StoreStats;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.staticfiles.Location;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The curation web UI and its JSON API, served by Javalin from plain classpath resources (no CDN): filters, a
 * sortable paginated table with counts and distributions, an episode page with per-dimension plots, annotations
 * with provenance, similar episodes and tags, and export. It owns the store and index it opens.
 *
 * <p>API: {@code GET /api/stats|columns|episodes|distribution|export|token}, {@code GET /api/episodes/{id}},
 * {@code GET /api/episodes/{id}/similar?by=states|actions&k=10}, {@code POST|DELETE /api/episodes/{id}/tags},
 * {@code POST /api/tag}, {@code POST /api/export?format=lerobot}. Every request passes the {@link LoopbackGuard};
 * JSONL and Parquet exports stream to the client from a temporary file deleted once sent, so repeated exports
 * leave nothing behind on the server.
 *
 * <p>While it runs, the server holds the embedded store's lock; {@code serving.json} in the store directory says
 * so, and other commands name the server instead of failing on DuckDB's lock.
 */
public final class AresServer implements AutoCloseable {
    public static final List<String> TABLE_COLUMNS = List.of("dataset_name", "path", "length", "task_language_instruction",
            "task_success", "stats_path_length", "stats_idle_fraction", "stats_gripper_events", "split");

    public static final String SERVING_FILE = "serving.json";

    private final AresStore store;
    private final Similarity similarity;
    private final Path exports;
    private final LoopbackGuard guard = new LoopbackGuard();
    private final java.util.Optional<Path> servingFile;
    private final Javalin app;

    private AresServer(AresStore store, Similarity similarity, Path exports, int port, java.util.Optional<Path> storeDir)
            throws IOException {
        this.store = store;
        this.similarity = similarity;
        this.exports = exports;
        this.app = Javalin.create(config -> {
            config.staticFiles.add("/ares-web", Location.CLASSPATH);
            config.startup.showJavalinBanner = false;
            config.routes.before(guard::check);
            config.routes.get("/api/token", ctx -> ctx.json(Map.of("token", guard.token())));
            config.routes.post("/api/export", this::exportToDisk);
            config.routes.get("/api/columns", this::columns);
            config.routes.get("/api/stats", ctx -> ctx.json(StoreStats.of(store, filter(ctx))));
            config.routes.get("/api/episodes", this::episodes);
            config.routes.get("/api/distribution", ctx -> ctx.json(StoreStats.distribution(store, filter(ctx),
                    ctx.queryParamAsClass("column", String.class).getOrDefault("length"))));
            config.routes.get("/api/episodes/{id}", this::episode);
            config.routes.get("/api/episodes/{id}/similar", this::similar);
            config.routes.post("/api/episodes/{id}/tags", ctx -> {
                store.tag(id(ctx), tagParam(ctx));
                ctx.json(store.tags(id(ctx)));
            });
            config.routes.delete("/api/episodes/{id}/tags/{tag}", ctx -> {
                store.untag(id(ctx), ctx.pathParam("tag"));
                ctx.json(store.tags(id(ctx)));
            });
            config.routes.post("/api/tag", ctx -> ctx.json(Map.of("tagged", store.tagAll(filter(ctx), tagParam(ctx)))));
            config.routes.get("/api/export", this::export);
            config.routes.exception(IllegalArgumentException.class, (e, ctx) -> ctx.status(400).json(Map.of("error", e.getMessage())));
            config.routes.exception(io.javalin.http.ForbiddenResponse.class, (e, ctx) -> ctx.status(403).json(Map.of("error", e.getMessage())));
            config.routes.exception(java.util.NoSuchElementException.class, (e, ctx) -> ctx.status(404).json(Map.of("error", "not found")));
        });
        try {
            app.start("127.0.0.1", port);
        } catch (RuntimeException e) {
            if (rootCause(e) instanceof java.net.BindException) {
                throw new IOException("port " + port + " on 127.0.0.1 is already in use; pick another with --port (0 = any free port)");
            }
            throw e;
        }
        this.servingFile = storeDir.map(d -> d.resolve(SERVING_FILE));
        if (servingFile.isPresent()) {
            Files.writeString(servingFile.get(), "{\"pid\": " + ProcessHandle.current().pid() + ", \"url\": \"http://127.0.0.1:"
                    + app.port() + "/\"}\n");
        }
    }

    private static Throwable rootCause(Throwable e) {
        while (e.getCause() != null && e.getCause() != e) e = e.getCause();
        return e;
    }

    /** Who serves the store in {@code dir}, as {@code serving.json} says: shown when the store is locked. */
    public static java.util.Optional<String> servedBy(Path dir) {
        try {
            var node = new com.fasterxml.jackson.databind.ObjectMapper().readTree(dir.resolve(SERVING_FILE).toFile());
            return java.util.Optional.of("pid " + node.path("pid").asLong() + ", " + node.path("url").asText());
        } catch (IOException e) {
            return java.util.Optional.empty(); // no server said so (or it died without cleaning up)
        }
    }

    /** Serves {@code store} on 127.0.0.1:{@code port} (0 picks a free port); the index is built if missing. */
    public static AresServer start(String store, int port) throws IOException {
        var s = AresStore.open(store);
        try {
            var sim = Similarity.open(s, ai.lyceum.ares.Ares.indexDir(store));
            var exports = store.startsWith("jdbc:") ? Path.of("ares-exports") : Path.of(store).resolve("exports");
            return new AresServer(s, sim, exports, port,
                    store.startsWith("jdbc:") ? java.util.Optional.empty() : java.util.Optional.of(Path.of(store)));
        } catch (IOException | RuntimeException e) {
            s.close();
            throw e;
        }
    }

    public int port() { return app.port(); }

    private static Filter filter(Context ctx) { return Filter.parse(ctx.queryParam("filter")); }

    private static UUID id(Context ctx) {
        try {
            return UUID.fromString(ctx.pathParam("id"));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("not an episode id: " + ctx.pathParam("id"));
        }
    }

    private static String tagParam(Context ctx) {
        var tag = ctx.formParam("tag");
        if (tag == null) tag = ctx.queryParam("tag");
        if (tag == null || tag.isBlank()) throw new IllegalArgumentException("missing tag");
        return tag;
    }

    private void columns(Context ctx) {
        var out = new ArrayList<Map<String, String>>();
        for (var c : Schema.ROLLOUT.columns()) {
            if (c.name().startsWith("trajectory_")) continue;
            out.add(Map.of("name", c.name(), "type", c.type().name()));
        }
        ctx.json(out);
    }

    private void episodes(Context ctx) {
        var f = filter(ctx);
        var sort = ctx.queryParamAsClass("sort", String.class).getOrDefault("path");
        boolean desc = Boolean.parseBoolean(ctx.queryParam("desc"));
        int limit = ctx.queryParamAsClass("limit", Integer.class).getOrDefault(50);
        int offset = ctx.queryParamAsClass("offset", Integer.class).getOrDefault(0);
        var result = new LinkedHashMap<String, Object>();
        result.put("total", store.count(f));
        result.put("columns", TABLE_COLUMNS);
        result.put("rows", store.page(f, TABLE_COLUMNS, sort, desc, limit, offset));
        ctx.json(result);
    }

    private void episode(Context ctx) {
        var id = id(ctx);
        var rollout = store.rollout(id).orElseThrow();
        var row = store.page(Filter.parse("id = '" + id + "'"), Schema.ROLLOUT.columns().stream()
                .map(Schema.Column::name).filter(n -> !n.startsWith("trajectory_") || n.endsWith("_dim") || n.endsWith("_step")
                        || n.endsWith("fps")).toList(), "path", false, 1, 0).get(0);
        var t = NumericTrajectory.of(rollout.trajectory());
        var out = new LinkedHashMap<String, Object>();
        out.put("row", row);
        out.put("states", columnsOf(t.states(), t.length(), t.stateDim()));
        out.put("actions", columnsOf(t.actions(), t.length(), t.actionDim()));
        var features = store.dataset(rollout.datasetName()).map(d -> {
            try {
                return new com.fasterxml.jackson.databind.ObjectMapper().readTree(d.infoJson()).path("features");
            } catch (IOException e) {
                return com.fasterxml.jackson.databind.node.MissingNode.getInstance();
            }
        }).orElse(com.fasterxml.jackson.databind.node.MissingNode.getInstance());
        out.put("state_names", dimensionNames(features.path("observation.state"), t.stateDim()));
        out.put("action_names", dimensionNames(features.path("action"), t.actionDim()));
        out.put("annotations", store.annotations(id).stream().map(a -> {
            var m = new LinkedHashMap<String, Object>();
            m.put("annotator", a.annotator());
            m.put("model", a.model().orElse(null));
            m.put("promptVersion", a.promptVersion());
            m.put("createdAt", a.createdAt().toString());
            m.put("fields", a.fields());
            return m;
        }).toList());
        out.put("tags", store.tags(id));
        out.put("turns", rollout.trajectory().turns().orElse(null));
        ctx.json(out);
    }

    /**
     * The dataset's names for a vector feature's dimensions (joint names, from LeRobot's {@code info.json}: a list,
     * or one list under a key such as {@code motors}); empty unless they match the feature's size.
     */
    static List<String> dimensionNames(com.fasterxml.jackson.databind.JsonNode feature, int dim) {
        var names = feature.path("names");
        if (names.isObject() && names.size() == 1) names = names.elements().next();
        if (!names.isArray() || names.size() != dim) return List.of();
        var out = new ArrayList<String>(dim);
        for (var n : names) {
            if (!n.isTextual()) return List.of();
            out.add(n.asText());
        }
        return out;
    }

    /** Per-dimension series, for one small plot per dimension. */
    private static List<float[]> columnsOf(float[] values, int length, int dim) {
        var out = new ArrayList<float[]>(dim);
        for (int j = 0; j < dim; j++) {
            var series = new float[length];
            for (int i = 0; i < length; i++) series[i] = values[i * dim + j];
            out.add(series);
        }
        return out;
    }

    private void similar(Context ctx) {
        var by = ctx.queryParamAsClass("by", String.class).getOrDefault("states");
        if (!Arrays.asList("states", "actions").contains(by)) throw new IllegalArgumentException("by must be states or actions");
        int k = ctx.queryParamAsClass("k", Integer.class).getOrDefault(10);
        var matches = similarity.byTrajectory(id(ctx), by, Math.min(k, 100));
        var rows = store.rows(matches.stream().map(Similarity.Match::id).toList(),
                List.of("dataset_name", "path", "task_language_instruction"));
        var byId = new java.util.HashMap<String, Map<String, Object>>();
        rows.forEach(r -> byId.put(r.get("id").toString(), r));
        var out = new ArrayList<Map<String, Object>>();
        for (var m : matches) {
            var entry = new LinkedHashMap<String, Object>(byId.getOrDefault(m.id().toString(), Map.of("id", m.id().toString())));
            entry.put("distance", m.distance());
            out.add(entry);
        }
        ctx.json(out);
    }

    private static Exporter.Format format(Context ctx) {
        var name = ctx.queryParamAsClass("format", String.class).getOrDefault("jsonl");
        try {
            return Exporter.Format.valueOf(name.toUpperCase());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("format must be jsonl, parquet or lerobot, was " + name);
        }
    }

    /** A download: written to a temporary file, streamed, and deleted when the stream closes. */
    private void export(Context ctx) throws IOException {
        var format = format(ctx);
        if (format == Exporter.Format.LEROBOT) throw new IllegalArgumentException("a LeRobot export writes a dataset: POST it");
        var tmp = Files.createTempDirectory("ares-export");
        var result = Exporter.export(store, filter(ctx), format, tmp.resolve("export"));
        var file = result.files().get(0);
        var name = "export-" + System.currentTimeMillis() + (format == Exporter.Format.JSONL ? ".jsonl" : ".parquet");
        ctx.header("Content-Disposition", "attachment; filename=\"" + name + "\"");
        ctx.contentType(format == Exporter.Format.JSONL ? "application/x-ndjson" : "application/vnd.apache.parquet");
        var in = Files.newInputStream(file, java.nio.file.StandardOpenOption.DELETE_ON_CLOSE);
        tmp.toFile().deleteOnExit(); // the directory, once the file in it is gone
        ctx.result(in);
    }

    /** A LeRobot dataset written under the store's {@code exports/} (a write: needs the token). */
    private void exportToDisk(Context ctx) throws IOException {
        if (format(ctx) != Exporter.Format.LEROBOT) throw new IllegalArgumentException("POST /api/export writes LeRobot datasets only");
        var out = exports.resolve("export-" + System.currentTimeMillis() + "-lerobot");
        var result = Exporter.export(store, filter(ctx), Exporter.Format.LEROBOT, out);
        ctx.json(Map.of("episodes", result.episodes(), "frames", result.frames(), "path", out.toAbsolutePath().toString()));
    }

    @Override
    public void close() throws IOException {
        app.stop();
        if (servingFile.isPresent()) Files.deleteIfExists(servingFile.get());
        similarity.close();
        store.close();
    }
}
