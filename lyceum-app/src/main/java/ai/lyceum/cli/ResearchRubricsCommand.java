package ai.lyceum.cli;

import ai.lyceum.bench.researchrubrics.ChunkMode;
import ai.lyceum.bench.researchrubrics.ItemJudge;
import ai.lyceum.bench.researchrubrics.OfficialJudge;
import ai.lyceum.bench.researchrubrics.Report;
import ai.lyceum.bench.researchrubrics.ReportAgent;
import ai.lyceum.bench.researchrubrics.RrAgreement;
import ai.lyceum.bench.researchrubrics.RrPages;
import ai.lyceum.bench.researchrubrics.RrRun;
import ai.lyceum.bench.researchrubrics.RrScores;
import ai.lyceum.bench.researchrubrics.StoredVerdicts;
import ai.lyceum.json.Json;
import ai.lyceum.policy.Sampling;
import ai.lyceum.policy.openai.OpenAiConfig;
import ai.lyceum.policy.openai.OpenAiPolicy;
import ai.lyceum.reward.judge.JudgeCache;
import ai.lyceum.reward.rubric.Grading;
import ai.lyceum.reward.rubric.RrTask;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code lyceum researchrubrics}: grade deep-research reports against the ResearchRubrics expert rubrics. */
@Command(name = "researchrubrics", mixinStandardHelpOptions = true,
        description = "ResearchRubrics: grade deep-research reports against expert rubrics; judge-vs-human agreement.",
        subcommands = {ResearchRubricsCommand.Grade.class, ResearchRubricsCommand.Agreement.class})
final class ResearchRubricsCommand {
    static Grading grading(String name) {
        return switch (name.strip().toLowerCase(Locale.ROOT)) {
            case "binary" -> Grading.BINARY;
            case "ternary" -> Grading.TERNARY;
            default -> throw new IllegalArgumentException("--grading must be binary or ternary, was '" + name + "'");
        };
    }

    @Command(name = "grade", mixinStandardHelpOptions = true, sortOptions = false,
            description = "Grade one report per task (from --reports DIR, or written by --agent) against its rubric, one judge "
                    + "call per (report, criterion) with the public grader's prompts, and write OUT/verdicts.jsonl, summary.json, "
                    + "report.md and report.html. --judge replay re-scores OUT/verdicts.jsonl without a model or reports.")
    static final class Grade implements Callable<Integer> {
        @Option(names = "--tasks", required = true, paramLabel = "FILE", description = "processed_data.jsonl (101 tasks in the official schema)")
        Path tasksFile;

        static final class Source {
            @Option(names = "--reports", paramLabel = "DIR", description = "reports as <sample_id>.md (or .txt, .pdf, .html)")
            Path reports;

            @Option(names = "--agent", paramLabel = "openai", description = "write the reports with a model first (into OUT/reports)")
            String agent;
        }

        @ArgGroup(exclusive = true, multiplicity = "0..1")
        Source source = new Source();

        @Option(names = "--agent-base-url", paramLabel = "URL", description = "the agent's server base URL including /v1")
        String agentBaseUrl;

        @Option(names = "--agent-model", paramLabel = "M", description = "the agent's model name")
        String agentModel;

        @Option(names = "--agent-api", defaultValue = "chat", paramLabel = "chat|responses",
                description = "the agent's API: Chat Completions or Responses (default: ${DEFAULT-VALUE})")
        String agentApi;

        @Option(names = "--agent-api-key-env", paramLabel = "VAR", description = "environment variable holding the agent's API key")
        String agentApiKeyEnv;

        @Option(names = "--agent-max-tokens", paramLabel = "N", description = "the agent's reply budget (default: the server's)")
        Integer agentMaxTokens;

        @Option(names = "--agent-concurrency", defaultValue = "8", paramLabel = "N", description = "reports written at once (default: ${DEFAULT-VALUE})")
        int agentConcurrency;

        @Option(names = "--grading", defaultValue = "binary", paramLabel = "binary|ternary",
                description = "binary as the public grader, or ternary (Partially Satisfied = 0.5) as the paper (default: ${DEFAULT-VALUE})")
        String grading;

        @Option(names = "--out", required = true, paramLabel = "DIR", description = "run directory")
        Path out;

        @Mixin
        JudgeServerOptions judge;

        @Option(names = "--judge-concurrency", defaultValue = "20", paramLabel = "N",
                description = "judge calls in flight at most; the public grader uses 20 (default: ${DEFAULT-VALUE})")
        int judgeConcurrency;

        @Option(names = "--judge-max-tokens", paramLabel = "N", description = "the judge's reply budget (the public grader asks 50000; default: the server's)")
        Integer judgeMaxTokens;

        @Option(names = "--chunking", defaultValue = "fixed", paramLabel = "fixed|parity",
                description = "long reports: the grader's edge cases fixed, or reproduced (default: ${DEFAULT-VALUE})")
        String chunking;

        @Option(names = "--on-failure", defaultValue = "zero", paramLabel = "zero|exclude",
                description = "a failed item scores 0, or leaves both sums; counted either way (default: ${DEFAULT-VALUE})")
        String onFailure;

        @Option(names = "--seed", defaultValue = "20251110", paramLabel = "N", description = "bootstrap seed (default: ${DEFAULT-VALUE})")
        long seed;

        @Override
        public Integer call() throws Exception {
            if (!Files.isRegularFile(tasksFile)) throw new IllegalArgumentException(tasksFile + ": no such file");
            var grades = grading(grading);
            var chunks = ChunkMode.parse(chunking);
            var failures = RrScores.OnFailure.parse(onFailure);
            List<RrTask> tasks = RrTask.read(tasksFile);
            if (tasks.isEmpty()) throw new IllegalArgumentException(tasksFile + ": no tasks");
            var ids = new java.util.HashSet<String>();
            for (var t : tasks) {
                if (!ids.add(t.sampleId())) throw new IllegalArgumentException(tasksFile + ": sample_id " + t.sampleId() + " appears twice");
            }
            var manifest = new LinkedHashMap<String, String>();
            manifest.put("tasks_file", tasksFile.toAbsolutePath().toString());
            try (var itemJudge = openJudge(grades, chunks)) {
                Map<String, Report> reports;
                if (!itemJudge.readsReports()) {
                    reports = Map.of(); // replay: the stored verdicts already say what became of every item
                } else if (source.reports == null && source.agent == null) {
                    throw new IllegalArgumentException("give --reports DIR or --agent openai (only --judge replay needs neither)");
                } else if (source.reports != null) {
                    if (!Files.isDirectory(source.reports)) throw new IllegalArgumentException(source.reports + ": no such directory");
                    reports = new HashMap<>();
                    for (var t : tasks) reports.put(t.sampleId(), Report.find(source.reports, t.sampleId()));
                    manifest.put("reports_dir", source.reports.toAbsolutePath().toString());
                    warnUnmatched(source.reports, ids);
                } else {
                    reports = generate(tasks, manifest);
                }
                var result = RrRun.grade(tasks, reports, itemJudge, out,
                        new RrRun.Options(grades, failures, chunks, seed, manifest), System.err);
                System.out.println(RrPages.headline(result.summary()));
                System.out.printf("wrote %s/{verdicts.jsonl,summary.json,report.md,report.html} in %.1f s%n", out, result.seconds());
            }
            return 0;
        }

        /** Names report files no task asks for: usually a sample_id typo or a report of another task set. */
        private static void warnUnmatched(Path dir, java.util.Set<String> ids) throws java.io.IOException {
            try (var files = Files.list(dir)) {
                var unmatched = files.map(f -> f.getFileName().toString())
                        .filter(n -> Report.EXTENSIONS.stream().anyMatch(n::endsWith))
                        .filter(n -> !ids.contains(n.substring(0, n.lastIndexOf('.')))).sorted().toList();
                if (!unmatched.isEmpty()) {
                    System.err.printf("warning: %d report file(s) in %s match no task, e.g. %s%n", unmatched.size(), dir, unmatched.getFirst());
                }
            }
        }

        private Map<String, Report> generate(List<RrTask> tasks, Map<String, String> manifest) throws Exception {
            if (!"openai".equals(source.agent)) throw new IllegalArgumentException("--agent must be openai, was '" + source.agent + "'");
            if (agentBaseUrl == null || agentModel == null) throw new IllegalArgumentException("--agent openai needs --agent-base-url and --agent-model");
            var endpoint = switch (agentApi.strip().toLowerCase(Locale.ROOT)) {
                case "chat" -> OpenAiConfig.Endpoint.CHAT;
                case "responses" -> OpenAiConfig.Endpoint.RESPONSES;
                default -> throw new IllegalArgumentException("--agent-api must be chat or responses, was '" + agentApi + "'");
            };
            var config = OpenAiConfig.of(agentBaseUrl, agentModel).withEndpoint(endpoint).withMaxInFlight(agentConcurrency);
            if (agentApiKeyEnv != null) config = config.withApiKeyEnv(agentApiKeyEnv);
            var sampling = agentMaxTokens == null ? Sampling.DEFAULT : Sampling.DEFAULT.withMaxTokens(agentMaxTokens);
            manifest.put("agent", "openai:" + agentModel + " (" + agentApi + ")");
            try (var policy = new OpenAiPolicy(config)) {
                return ReportAgent.generate(tasks, policy, sampling, out.resolve("reports"), System.err);
            }
        }

        private ItemJudge openJudge(Grading grades, ChunkMode chunks) throws Exception {
            var spec = judge.judge.strip();
            if (spec.equals("replay")) return StoredVerdicts.read(out.resolve("verdicts.jsonl"));
            if (spec.startsWith("replay:")) return StoredVerdicts.read(Path.of(spec.substring("replay:".length())));
            if (!spec.equals("openai")) throw new IllegalArgumentException("unknown judge '" + spec + "'; expected openai, replay or replay:FILE");
            // As the public grader: JSON replies, 3 attempts per call with exponential back-off, 20 calls in flight.
            var config = judge.openAi()
                    .orElseThrow(() -> new IllegalArgumentException("--judge openai needs --judge-base-url and --judge-model"))
                    .withMaxInFlight(judgeConcurrency).withJsonReplies(true)
                    .withRetries(OfficialJudge.ATTEMPTS, Duration.ofSeconds(1), Duration.ofSeconds(4));
            var sampling = Sampling.DEFAULT.withTemperature(0);
            if (judgeMaxTokens != null) sampling = sampling.withMaxTokens(judgeMaxTokens);
            Files.createDirectories(out);
            var cache = JudgeCache.open(judge.cacheFile != null ? judge.cacheFile : out.resolve("judge-cache.sqlite"));
            var policy = new OpenAiPolicy(config);
            var once = new OpenAiPolicy(config.withRetries(1, Duration.ofSeconds(1), Duration.ofSeconds(1)));
            return new OfficialJudge(policy, once, config.model(), grades, chunks, sampling, Optional.of(cache))
                    .owning(policy, once, cache);
        }
    }

    @Command(name = "agreement", mixinStandardHelpOptions = true, sortOptions = false,
            description = "Judge-vs-human (or judge-vs-judge) agreement: macro-F1 per task averaged over tasks, Cohen's kappa and "
                    + "the confusion matrix, binary and ternary. Lines: {sample_id, criterion_index|criterion, verdict}.")
    static final class Agreement implements Callable<Integer> {
        @Option(names = "--reference", required = true, paramLabel = "FILE", description = "reference verdicts (e.g. human labels), JSONL")
        Path reference;

        @Option(names = "--compared", required = true, paramLabel = "FILE", description = "verdicts to compare (e.g. OUT/verdicts.jsonl)")
        Path compared;

        @Option(names = "--out", paramLabel = "FILE", description = "also write the figures as JSON")
        Path out;

        @Override
        public Integer call() throws Exception {
            var ref = RrAgreement.read(reference);
            var cmp = RrAgreement.read(compared);
            var all = new LinkedHashMap<String, Object>();
            for (var g : List.of(Grading.BINARY, Grading.TERNARY)) {
                var r = RrAgreement.compare(ref, cmp, g);
                all.put(g.name().toLowerCase(Locale.ROOT), RrAgreement.toJson(r));
                System.out.printf("%-8s macro-F1 %s  kappa %s  accuracy %.3f  (%d items in %d tasks paired, %d unpaired)%n",
                        g.name().toLowerCase(Locale.ROOT), fmt(r.macroF1()), fmt(r.kappa()), r.accuracy(), r.pairs(), r.tasks(), r.unpaired());
                var names = r.labels().stream().map(v -> ai.lyceum.bench.researchrubrics.RrVerdict.officialName(v)).toList();
                System.out.printf("  %-22s%s%n", "reference \\ compared", String.join("", names.stream().map(n -> String.format("%22s", n)).toList()));
                for (int i = 0; i < names.size(); i++) {
                    var row = new StringBuilder();
                    for (long x : r.matrix()[i]) row.append(String.format("%22d", x));
                    System.out.printf("  %-22s%s%n", names.get(i), row);
                }
            }
            if (out != null) Files.writeString(out, Json.newMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(all) + "\n");
            return 0;
        }

        private static String fmt(java.util.OptionalDouble x) {
            return x.isPresent() ? String.format(Locale.ROOT, "%.3f", x.getAsDouble()) : "n/a";
        }
    }
}
