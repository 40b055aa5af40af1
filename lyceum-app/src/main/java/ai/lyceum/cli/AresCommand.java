package ai.lyceum.cli;

import ai.lyceum.ares.Ares;
import ai.lyceum.ares.annotate.FrameSampling;
import ai.lyceum.ares.annotate.StatsAnnotator;
import ai.lyceum.ares.annotate.SuccessAnnotator;
import ai.lyceum.ares.annotate.VlmAnnotator;
import ai.lyceum.policy.openai.OpenAiTransport;
import ai.lyceum.ares.curate.Exporter;
import ai.lyceum.ares.search.OpenAiEmbeddings;
import ai.lyceum.ares.synth.SyntheticLeRobot;
import ai.lyceum.ares.web.AresServer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import ai.lyceum.ares.store.AresStore;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code lyceum ares}: ingest, annotate and curate robot episodes (and RL rollouts). */
@Command(name = "ares", mixinStandardHelpOptions = true,
        description = "Robot-episode (and rollout) curation: ingest, annotate, stats, query, similar, tag, export, serve.",
        subcommands = {AresCommand.Ingest.class, AresCommand.Annotate.class, AresCommand.Stats.class, AresCommand.Query.class,
                AresCommand.Similar.class, AresCommand.Tag.class, AresCommand.Export.class, AresCommand.Serve.class,
                AresCommand.Synth.class})
final class AresCommand {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
            .findAndRegisterModules();

    /** The store option every subcommand takes, and the checks that turn a wrong store into a clear message. */
    abstract static class StoreCommand implements Callable<Integer> {
        @Option(names = "--store", required = true, paramLabel = "S", description = "a store directory (embedded DuckDB) or a jdbc: URL")
        String store;

        /** Whether the command may create the store (ingest); the others refuse a path holding none, e.g. a typo. */
        boolean creates() { return false; }

        abstract int run() throws Exception;

        @Override
        public final Integer call() throws Exception {
            boolean embedded = !store.startsWith("jdbc:");
            if (embedded && !creates() && !Files.isRegularFile(Path.of(store).resolve(AresStore.FILE_NAME))) {
                throw new IllegalArgumentException("no ARES store at " + store + "; create one with 'lyceum ares ingest --store "
                        + store + " --format lerobot|rollouts --path P'");
            }
            try {
                return run();
            } catch (java.io.IOException e) {
                if (embedded && String.valueOf(e.getMessage()).contains("lock")) {
                    var server = AresServer.servedBy(Path.of(store));
                    throw new java.io.IOException(store + " is in use by another process" + server.map(s -> " (lyceum ares serve, " + s + ")")
                            .orElse("") + "; DuckDB lets one process open it at a time: use the server's web UI or API, or stop it first", e);
                }
                throw e;
            }
        }
    }

    @Command(name = "ingest", mixinStandardHelpOptions = true, footer = {"", "Example:", "  lyceum ares ingest --store runs/ares --format lerobot --path /tmp/robot", "  lyceum ares ingest --store runs/ares --format rollouts --path runs/gsm8k-qwen"}, description = "Ingest a LeRobot v3 dataset or a Lyceum run directory.")
    static final class Ingest extends StoreCommand {
        @Option(names = "--format", required = true, paramLabel = "lerobot|rollouts") String format;
        @Option(names = "--path", required = true, paramLabel = "P") Path path;

        @Override
        boolean creates() { return true; }

        @Override
        int run() throws Exception {
            var kind = switch (format) {
                case "lerobot" -> Ares.Format.LEROBOT;
                case "rollouts" -> Ares.Format.ROLLOUTS;
                default -> throw new IllegalArgumentException("--format must be lerobot or rollouts, was " + format);
            };
            var r = Ares.ingest(kind, path, store);
            System.out.printf("%s: %d episodes ingested, %d already there, %d frames, %d tasks, %d errors (%.1f s)%n",
                    r.dataset(), r.episodes(), r.skipped(), r.frames(), r.tasks(), r.errors().size(), r.wallSeconds());
            r.errors().forEach(e -> System.out.println("  error: " + e));
            return r.errors().isEmpty() ? 0 : 1;
        }
    }

    @Command(name = "annotate", mixinStandardHelpOptions = true, footer = {"", "Example:", "  lyceum ares annotate --store runs/ares --annotator success", "  lyceum ares annotate --store runs/ares --annotator vlm --base-url http://127.0.0.1:8000/v1 --model M"}, description = "Run an annotator over the (filtered) episodes.")
    static final class Annotate extends StoreCommand {
        @Option(names = "--annotator", required = true, paramLabel = "stats|success|vlm") String annotator;
        @Option(names = "--filter", defaultValue = "", paramLabel = "F") String filter;
        @Option(names = "--concurrency", defaultValue = "2", paramLabel = "N", description = "episodes annotated at once (default: ${DEFAULT-VALUE})")
        int concurrency;
        @Option(names = "--base-url", paramLabel = "URL", description = "vlm: OpenAI-compatible chat server with image inputs")
        String baseUrl;
        @Option(names = "--model", paramLabel = "M", description = "vlm: the model name the server expects") String model;
        @Option(names = "--api-key-env", paramLabel = "VAR", description = "vlm: environment variable holding the API key")
        String apiKeyEnv;
        @Option(names = "--frames-per-second", defaultValue = "1", paramLabel = "R", description = "vlm: frames sampled per second of episode")
        double framesPerSecond;
        @Option(names = "--max-frames", defaultValue = "8", paramLabel = "N", description = "vlm: at most this many frames per episode")
        int maxFrames;
        @Option(names = "--max-tokens", defaultValue = "1024", paramLabel = "N", description = "vlm: reply token budget") int maxTokens;

        @Override
        int run() throws Exception {
            var r = switch (annotator) {
                case "stats" -> Ares.annotate(store, new StatsAnnotator(), filter, concurrency);
                case "success" -> Ares.annotate(store, new SuccessAnnotator(), filter, concurrency);
                case "vlm" -> {
                    if (baseUrl == null || model == null) throw new IllegalArgumentException("--annotator vlm needs --base-url and --model");
                    var config = new VlmAnnotator.Config(URI.create(baseUrl), model, Optional.ofNullable(apiKeyEnv),
                            new FrameSampling(framesPerSecond, maxFrames), maxTokens, OpenAiTransport.Settings.defaults());
                    yield Ares.annotateVlm(store, config, filter, concurrency);
                }
                default -> throw new IllegalArgumentException("--annotator must be stats, success or vlm, was " + annotator);
            };
            System.out.printf("%s: %d episodes annotated, skipped %s, failures %s%n", r.annotator(), r.annotated(),
                    r.skipped().isEmpty() ? "none" : r.skipped(), r.failures().isEmpty() ? "none" : r.failures());
            if (!r.counters().isEmpty()) System.out.println("  counters: " + r.counters());
            r.examples().forEach(e -> System.out.println("  " + e));
            return r.failures().isEmpty() ? 0 : 1;
        }
    }

    @Command(name = "stats", mixinStandardHelpOptions = true, footer = {"", "Example:", "  lyceum ares stats --store runs/ares --filter \"task_success = 1\""}, description = "Counts: episodes, frames, tasks, per dataset.")
    static final class Stats extends StoreCommand {
        @Option(names = "--filter", defaultValue = "", paramLabel = "F") String filter;
        @Option(names = "--json", description = "print JSON") boolean json;

        @Override
        int run() throws Exception {
            var s = Ares.stats(store, filter);
            if (json) {
                System.out.println(JSON.writeValueAsString(s));
            } else {
                System.out.printf("%d episodes, %d frames, %d tasks%n", s.episodes(), s.frames(), s.tasks());
                if (!s.datasets().isEmpty()) System.out.printf("  %-40s %10s %12s %6s%n", "dataset", "episodes", "frames", "tasks");
                s.datasets().forEach((name, c) -> System.out.printf("  %-40s %10d %12d %6d%n", name, c.episodes(), c.frames(), c.tasks()));
            }
            return 0;
        }
    }

    @Command(name = "query", mixinStandardHelpOptions = true, footer = {"", "Example:", "  lyceum ares query --store runs/ares --filter \"length > 60 and task_success = 1\" --limit 5"},
            description = "Episodes matching a filter, e.g. \"length > 100 and tag = 'good'\", as JSON lines.")
    static final class Query extends StoreCommand {
        @Option(names = "--filter", defaultValue = "", paramLabel = "F") String filter;
        @Option(names = "--sort", defaultValue = "length", paramLabel = "COLUMN", description = "sort column (default: ${DEFAULT-VALUE})")
        String sort;
        @Option(names = "--limit", defaultValue = "20", paramLabel = "N", description = "rows to print (default: ${DEFAULT-VALUE}; 0 = all)")
        int limit;

        @Override
        int run() throws Exception {
            var compact = new ObjectMapper().findAndRegisterModules();
            var result = Ares.queryCounted(store, filter, AresServer.TABLE_COLUMNS, sort, limit);
            for (var row : result.rows()) System.out.println(compact.writeValueAsString(row));
            // stderr, so the JSON lines on stdout stay clean for scripts
            System.err.printf("%d of %d matching episodes shown%s%n", result.rows().size(), result.matched(),
                    result.rows().size() < result.matched() ? " (--limit 0 shows all)" : "");
            return 0;
        }
    }

    @Command(name = "similar", mixinStandardHelpOptions = true, footer = {"", "Example:", "  lyceum ares similar --store runs/ares --episode ID --by states -k 10"}, description = "Nearest episodes by trajectory or by task text.")
    static final class Similar extends StoreCommand {
        @Option(names = "--episode", paramLabel = "ID") UUID episode;
        @Option(names = "--text", paramLabel = "T") String text;
        @Option(names = "--by", defaultValue = "states", paramLabel = "states|actions|text", description = "what to compare (default: ${DEFAULT-VALUE})")
        String by;
        @Option(names = "-k", defaultValue = "10", paramLabel = "K", description = "neighbours to list (default: ${DEFAULT-VALUE})") int k;
        @Option(names = "--embed-base-url", paramLabel = "URL", description = "OpenAI-compatible /v1 server for text embeddings")
        String embedBaseUrl;
        @Option(names = "--embed-model", paramLabel = "M") String embedModel;
        @Option(names = "--embed-api-key-env", paramLabel = "VAR") String embedKeyEnv;

        @Override
        int run() throws Exception {
            var matches = switch (by) {
                case "states", "actions" -> {
                    if (episode == null) throw new IllegalArgumentException("--by " + by + " needs --episode ID");
                    yield Ares.similarByTrajectory(store, episode, by, k);
                }
                case "text" -> {
                    if (embedBaseUrl == null || embedModel == null) {
                        throw new IllegalArgumentException("--by text needs --embed-base-url and --embed-model");
                    }
                    yield Ares.similarByText(store, Optional.ofNullable(episode), Optional.ofNullable(text),
                            new OpenAiEmbeddings(URI.create(embedBaseUrl), embedModel, "clustering: ",
                                    Optional.ofNullable(embedKeyEnv)), k);
                }
                default -> throw new IllegalArgumentException("--by must be states, actions or text, was " + by);
            };
            matches.forEach(m -> System.out.printf("%s  %.4f%n", m.id(), m.distance()));
            return 0;
        }
    }

    @Command(name = "tag", mixinStandardHelpOptions = true, footer = {"", "Example:", "  lyceum ares tag --store runs/ares --filter \"stats_idle_fraction > 0.5\" --tag idle"}, description = "Tag every episode matching a filter.")
    static final class Tag extends StoreCommand {
        @Option(names = "--filter", required = true, paramLabel = "F") String filter;
        @Option(names = "--tag", required = true, paramLabel = "T") String tag;

        @Override
        int run() throws Exception {
            System.out.printf("tagged %d episodes '%s'%n", Ares.tag(store, filter, tag), tag);
            return 0;
        }
    }

    @Command(name = "export", mixinStandardHelpOptions = true, footer = {"", "Example:", "  lyceum ares export --store runs/ares --filter \"tag = 'idle'\" --format lerobot --out /tmp/idle"}, description = "Export a selection as JSONL, Parquet or a LeRobot v3 dataset.")
    static final class Export extends StoreCommand {
        @Option(names = "--filter", defaultValue = "", paramLabel = "F") String filter;
        @Option(names = "--format", required = true, paramLabel = "jsonl|parquet|lerobot") String format;
        @Option(names = "--out", required = true, paramLabel = "DIR") Path out;

        @Override
        int run() throws Exception {
            var kind = switch (format) {
                case "jsonl" -> Exporter.Format.JSONL;
                case "parquet" -> Exporter.Format.PARQUET;
                case "lerobot" -> Exporter.Format.LEROBOT;
                default -> throw new IllegalArgumentException("--format must be jsonl, parquet or lerobot, was " + format);
            };
            var r = Ares.export(store, filter, kind, out);
            System.out.printf("exported %d episodes (%d frames) to %s%n", r.episodes(), r.frames(), r.out());
            return 0;
        }
    }

    @Command(name = "synth", mixinStandardHelpOptions = true, footer = {"", "Example:", "  lyceum ares synth --episodes 1000 --out /tmp/robot"},
            description = "Write a synthetic LeRobot v3 dataset (for trying ARES out, tests and benchmarks).")
    static final class Synth implements Callable<Integer> {
        @Option(names = "--episodes", defaultValue = "1000", paramLabel = "N", description = "episodes to write (default: ${DEFAULT-VALUE})")
        long episodes;
        @Option(names = "--out", required = true, paramLabel = "DIR") Path out;

        @Override
        public Integer call() throws Exception {
            SyntheticLeRobot.of(episodes).write(out);
            System.out.printf("wrote %d synthetic episodes to %s%n", episodes, out);
            return 0;
        }
    }

    @Command(name = "serve", mixinStandardHelpOptions = true, footer = {"", "Example:", "  lyceum ares serve --store runs/ares --port 8080"}, description = "The curation web UI on 127.0.0.1.")
    static final class Serve extends StoreCommand {
        @Option(names = "--port", defaultValue = "8080", paramLabel = "P", description = "port on 127.0.0.1 (default: ${DEFAULT-VALUE}; 0 = any free)")
        int port;

        @Override
        int run() throws Exception {
            try (var server = AresServer.start(store, port)) {
                System.out.printf("ARES at http://127.0.0.1:%d/ (Ctrl-C to stop)%n", server.port());
                var stop = new CountDownLatch(1);
                Runtime.getRuntime().addShutdownHook(new Thread(stop::countDown));
                stop.await();
            }
            return 0;
        }
    }
}
