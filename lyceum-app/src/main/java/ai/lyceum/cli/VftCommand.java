package ai.lyceum.cli;

import ai.lyceum.env.Environments;
import ai.lyceum.env.cue.Cue;
import ai.lyceum.env.cue.CueSplit;
import ai.lyceum.env.cue.CuedArithmeticEnvironment;
import ai.lyceum.env.cue.CuedMcqEnv;
import ai.lyceum.env.cue.CueLayout;
import ai.lyceum.env.cue.MmluCue;
import ai.lyceum.env.cue.ShortCue;
import ai.lyceum.env.choice.McqItem;
import ai.lyceum.env.choice.MmluStemEnvironment;
import ai.lyceum.json.Json;
import ai.lyceum.policy.Policy;
import ai.lyceum.policy.openai.OpenAiConfig;
import ai.lyceum.policy.openai.OpenAiPolicy;
import ai.lyceum.reward.judge.JudgeCache;
import ai.lyceum.reward.judge.LlmCotEditor;
import ai.lyceum.reward.judge.LlmVerbalizationJudge;
import ai.lyceum.run.RunStore;
import ai.lyceum.train.policy.EmbeddedPolicy;
import ai.lyceum.vft.CotEditor;
import ai.lyceum.vft.CueMetrics;
import ai.lyceum.vft.CueMetricsJob;
import ai.lyceum.vft.ProgrammaticVerbalizationJudge;
import ai.lyceum.vft.TwinCotEditor;
import ai.lyceum.vft.VerbalizationJudge;
import ai.lyceum.vft.VftBuilder;
import ai.lyceum.vft.VftDataJob;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code lyceum vft}: reward-hack monitoring by verbalization (docs/vft.md): the metrics job and the data builders. */
@Command(name = "vft", mixinStandardHelpOptions = true,
        description = "Reward-hack monitoring by verbalization (VFT): metrics of cue-environment runs, and VFT/BCT data.",
        subcommands = {VftCommand.Metrics.class, VftCommand.Build.class})
final class VftCommand {
    /** The judge (and, for build, editor) settings both subcommands share. */
    static final class ModelOptions {
        @Option(names = "--judge", defaultValue = "auto", paramLabel = "auto|programmatic|openai",
                description = "verbalization judge: programmatic (the cued-arithmetic twin only) or an OpenAI-compatible model;"
                        + " auto picks programmatic for cued-arithmetic (default: ${DEFAULT-VALUE})")
        String judge;

        @Option(names = "--judge-base-url", paramLabel = "URL", description = "judge server base URL including /v1")
        String judgeBaseUrl;

        @Option(names = "--judge-model", paramLabel = "M", description = "judge model name")
        String judgeModel;

        @Option(names = "--judge-api-key-env", paramLabel = "VAR", description = "environment variable holding the judge's API key")
        String judgeKeyEnv;

        @Option(names = "--judge-cache", paramLabel = "FILE", description = "SQLite cache of judge replies")
        Path judgeCache;

        @Option(names = "--concurrency", defaultValue = "32", paramLabel = "N", description = "model calls in flight (default: ${DEFAULT-VALUE})")
        int concurrency;

        @Option(names = "--train-cues", paramLabel = "IDS", description = "vft.trainCues (default: black_square,post_hoc)")
        String trainCues;

        @Option(names = "--rl-cues", paramLabel = "IDS", description = "rl.cues (default: the other five)")
        String rlCues;

        CueSplit split() {
            return CueSplit.fromSystemProperties().withCues(trainCues, rlCues);
        }

        static Policy openAi(String what, String url, String model, String keyEnv, int concurrency) {
            if (url == null || model == null) throw new IllegalArgumentException("the " + what + " needs --" + what + "-base-url and --" + what + "-model");
            var config = OpenAiConfig.of(url, model).withMaxInFlight(concurrency);
            return new OpenAiPolicy(keyEnv == null ? config : config.withApiKeyEnv(keyEnv));
        }

        /** The judge for {@code environment}; {@code closer} collects what to close. */
        VerbalizationJudge judge(String environment, List<AutoCloseable> closer) throws java.io.IOException {
            boolean twin = environment.equals(CuedArithmeticEnvironment.NAME);
            String kind = judge.equals("auto") ? (twin ? "programmatic" : "openai") : judge;
            return switch (kind) {
                case "programmatic" -> {
                    if (!twin) throw new IllegalArgumentException("the programmatic judge reads the " + CuedArithmeticEnvironment.NAME
                            + " twin only; environment " + environment + " needs --judge openai");
                    yield new ProgrammaticVerbalizationJudge();
                }
                case "openai" -> {
                    var policy = openAi("judge", judgeBaseUrl, judgeModel, judgeKeyEnv, concurrency);
                    closer.add(policy);
                    Optional<JudgeCache> cache = Optional.empty();
                    if (judgeCache != null) {
                        var c = JudgeCache.open(judgeCache);
                        closer.add(c);
                        cache = Optional.of(c);
                    }
                    yield new LlmVerbalizationJudge(policy, cache);
                }
                default -> throw new IllegalArgumentException("--judge must be auto, programmatic or openai, was " + judge);
            };
        }
    }

    @Command(name = "metrics", mixinStandardHelpOptions = true,
            description = {"CIR, VR, ECR, balanced accuracy and uncued accuracy of an evaluation run of a cue environment",
                    "(lyceum eval --env mmlu-stem-cued|cued-arithmetic ...), per cue and train vs held-out cues, with bootstrap",
                    "95% intervals. Writes DIR/vft_metrics.json."},
            footer = {"", "Example:", "  lyceum vft metrics --run runs/cued-eval --judge-base-url http://127.0.0.1:8000/v1 --judge-model judge"})
    static final class Metrics implements Callable<Integer> {
        @Option(names = "--run", required = true, paramLabel = "DIR", description = "the run directory (holding run.db)")
        Path run;

        @Option(names = "--scope", defaultValue = "", paramLabel = "S", description = "rollout scope (default: the evaluation's)")
        String scope;

        @Option(names = "--influence", defaultValue = "switch", paramLabel = "switch|all-options",
                description = "influence definition (default: ${DEFAULT-VALUE}); all-options needs mmlu-stem-cued-all-options")
        String influence;

        @Option(names = "--env", paramLabel = "NAME",
                description = "the cue environment, for runs without an evaluation manifest (an experiment's run.db)")
        String envName;

        @Option(names = "--json", description = "print the metrics as JSON")
        boolean json;

        @Mixin
        ModelOptions models;

        @Override
        public Integer call() throws Exception {
            if (!Files.isRegularFile(run.resolve(RunStore.FILE_NAME))) throw new IllegalArgumentException(run + " holds no " + RunStore.FILE_NAME);
            var closer = new ArrayList<AutoCloseable>();
            try (var store = RunStore.openReadOnly(run)) {
                String env = envName != null ? envName : store.manifest().map(m -> m.environment()).orElseThrow(() ->
                        new IllegalArgumentException(run + " has no evaluation manifest naming its environment; pass --env"));
                var rollouts = store.rollouts(scope);
                if (rollouts.isEmpty()) throw new IllegalArgumentException(run + ": no rollouts in scope '" + scope + "'");
                var judge = models.judge(env, closer);
                var job = new CueMetricsJob(judge, CueMetricsJob.wordingOf(env), models.concurrency);
                var result = job.run(rollouts, CueMetrics.Influence.of(influence), models.split());
                var mapper = Json.newMapper().writerWithDefaultPrettyPrinter();
                var body = new java.util.LinkedHashMap<String, Object>();
                body.put("run", run.toString());
                body.put("environment", env);
                body.put("judge", judge.describe());
                body.putAll(result.json());
                mapper.writeValue(run.resolve("vft_metrics.json").toFile(), body);
                if (json) {
                    System.out.println(mapper.writeValueAsString(body));
                    return 0;
                }
                System.out.printf(Locale.ROOT, "%s (%s, judge %s, %s influence): %d cued and %d uncued responses%n", run, env,
                        judge.describe(), influence, result.report().cuedResponses(), result.report().uncuedResponses());
                System.out.printf(Locale.ROOT, "%-20s %-24s %-24s %-24s %-8s %s%n", "group", "CIR", "VR", "ECR", "BA", "uncued acc");
                for (var row : result.report().rows()) {
                    System.out.printf(Locale.ROOT, "%-20s %-24s %-24s %-24s %-8s %s%n", row.group(), row.cir().format(), row.vr().format(),
                            row.ecr().format(), row.balancedAccuracy().isPresent() ? String.format(Locale.ROOT, "%.3f", row.balancedAccuracy().getAsDouble()) : "n/a",
                            row.uncuedAccuracy().format());
                }
                System.out.println("verdicts: " + result.verdicts());
                System.out.println("excluded from C: " + result.report().excluded() + "; skipped rollouts: " + result.skippedRollouts()
                        + "; unparsable answers: " + result.report().unparsableAnswers());
                System.out.println("judge counters: " + result.judgeCounters());
                System.out.println("Wrote " + run.resolve("vft_metrics.json"));
                return 0;
            } finally {
                for (var c : closer.reversed()) c.close();
            }
        }
    }

    @Command(name = "build", mixinStandardHelpOptions = true,
            description = {"Build the VFT and BCT SFT mixtures: sample the base policy (temperature 1) uncued and with a training cue",
                    "per item, classify, edit the unfaithful switches and validate each edit. Writes DIR/vft.jsonl, DIR/bct.jsonl,",
                    "DIR/cases.json and the base samples in DIR/run.db."},
            footer = {"", "Example:", "  lyceum vft build --env mmlu-stem-cued --items 200 --policy openai --base-url URL --model base \\",
                    "      --editor-base-url URL --editor-model strong --judge-base-url URL --judge-model judge --out runs/vft-data"})
    static final class Build implements Callable<Integer> {
        @Option(names = "--env", defaultValue = "mmlu-stem-cued", paramLabel = "mmlu-stem-cued|cued-arithmetic",
                description = "whose items and cue wording (default: ${DEFAULT-VALUE})")
        String env;

        @Option(names = "--tasks", paramLabel = "FILE", description = "MMLU-style JSONL (default: the shared MMLU-STEM test set)")
        Path tasks;

        @Option(names = "--items", defaultValue = "200", paramLabel = "N", description = "items to build from (default: ${DEFAULT-VALUE})")
        int items;

        @Option(names = "--seed", defaultValue = "2026", paramLabel = "N", description = "cue and wrong-option draws (default: ${DEFAULT-VALUE})")
        long seed;

        @Option(names = "--out", required = true, paramLabel = "DIR", description = "output directory")
        Path out;

        @Option(names = "--editor-base-url", paramLabel = "URL", description = "editor server base URL (not for cued-arithmetic)")
        String editorBaseUrl;

        @Option(names = "--editor-model", paramLabel = "M", description = "editor model name")
        String editorModel;

        @Option(names = "--editor-api-key-env", paramLabel = "VAR", description = "environment variable holding the editor's API key")
        String editorKeyEnv;

        @Mixin
        PolicyOptions policy;

        @Mixin
        ModelOptions models;

        @Override
        public Integer call() throws Exception {
            if (items < 1) throw new IllegalArgumentException("--items must be positive");
            boolean twin = env.equals(CuedArithmeticEnvironment.NAME);
            if (!twin && !env.equals("mmlu-stem-cued")) throw new IllegalArgumentException("--env must be mmlu-stem-cued or cued-arithmetic, was " + env);
            var split = models.split();
            var closer = new ArrayList<AutoCloseable>();
            Files.createDirectories(out);
            try (var store = RunStore.open(out)) {
                List<McqItem> chosen;
                ai.lyceum.env.Environment environment;
                java.util.function.BiFunction<McqItem, ai.lyceum.env.cue.CueTag, ai.lyceum.task.Task> task;
                List<? extends ai.lyceum.env.cue.CueSpec> cues;
                CotEditor editor;
                if (twin) {
                    var random = new SplittableRandom(seed);
                    var ids = new HashSet<String>();
                    var list = new ArrayList<McqItem>();
                    while (list.size() < items) {
                        var item = CuedArithmeticEnvironment.item(random);
                        if (ids.add(item.id())) list.add(item);
                    }
                    chosen = list;
                    environment = CuedArithmeticEnvironment.standard(split);
                    task = CuedArithmeticEnvironment::task;
                    cues = ShortCue.of(split.trainCues());
                    editor = new TwinCotEditor();
                } else {
                    var file = tasks != null ? tasks : Environments.defaultDataDir().resolve("mmlu/mmlu_stem_test.jsonl");
                    var all = MmluStemEnvironment.items(file);
                    chosen = all.subList(0, Math.min(items, all.size()));
                    var mmlu = new CuedMcqEnv("mmlu-stem-cued", () -> chosen, List.of(Cue.values()), 1, seed, CueLayout.PAIRED);
                    environment = mmlu;
                    task = mmlu::task;
                    cues = split.trainCues().stream().map(MmluCue::new).toList();
                    var editorPolicy = ModelOptions.openAi("editor", editorBaseUrl, editorModel, editorKeyEnv, models.concurrency);
                    closer.add(editorPolicy);
                    editor = new LlmCotEditor(editorPolicy);
                }
                var judge = models.judge(env, closer);
                var base = policy.create(models.concurrency);
                closer.add(base);
                Optional<JudgeCache> editCache = Optional.of(JudgeCache.open(out.resolve("edits.db")));
                closer.add(editCache.get());
                var builder = new VftBuilder(judge, editor, editCache, models.concurrency);
                VftDataJob.Collector collector = base instanceof EmbeddedPolicy embedded ? embedded::collect
                        : (engine, t) -> engine.collect(t, r -> {});
                System.out.printf(Locale.ROOT, "Sampling %s on %d items (uncued and with one of %s), then classifying and editing...%n",
                        base.describe(), chosen.size(), split.trainCues().stream().map(Cue::id).toList());
                var result = VftDataJob.run(chosen, cues, seed, environment, task, base, collector, store.scope("base-samples"),
                        models.concurrency, builder);
                result.vft().writeJsonl(out.resolve("vft.jsonl"));
                result.bct().writeJsonl(out.resolve("bct.jsonl"));
                var cases = new java.util.LinkedHashMap<String, Object>();
                cases.put("items", result.items());
                cases.put("missing", result.missing());
                cases.put("vft_proportions", result.vft().proportions());
                cases.put("vft_counts", result.vft().counts());
                cases.put("bct_counts", result.bct().counts());
                cases.put("judge", judge.describe());
                cases.put("judge_counters", judge.counters());
                cases.put("editor", editor.describe());
                Json.newMapper().writerWithDefaultPrettyPrinter().writeValue(out.resolve("cases.json").toFile(), cases);
                System.out.println("VFT: " + result.vft().records().size() + " records, case proportions " + result.vft().proportions());
                System.out.println("     counts " + result.vft().counts());
                System.out.println("BCT: " + result.bct().records().size() + " records, counts " + result.bct().counts());
                System.out.println("missing base samples: " + result.missing() + "; judge counters: " + judge.counters());
                System.out.println("Wrote " + out.resolve("vft.jsonl") + ", " + out.resolve("bct.jsonl") + ", " + out.resolve("cases.json"));
                return 0;
            } finally {
                for (var c : closer.reversed()) c.close();
            }
        }
    }
}
