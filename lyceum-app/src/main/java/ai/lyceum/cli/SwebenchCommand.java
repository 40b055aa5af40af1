package ai.lyceum.cli;

import ai.lyceum.bench.swebench.Grading;
import ai.lyceum.bench.swebench.ResultsReport;
import ai.lyceum.bench.swebench.SweProInstance;
import ai.lyceum.bench.swebench.SweProInstances;
import ai.lyceum.bench.swebench.parse.FixedParsers;
import ai.lyceum.bench.swebench.parse.OfficialParser;
import ai.lyceum.bench.swebench.parse.OfficialParsers;
import ai.lyceum.bench.swebench.parse.OutputJson;
import ai.lyceum.bench.swebench.parse.ParserCrash;
import ai.lyceum.bench.swebench.parse.TestResult;
import ai.lyceum.env.Environments;
import ai.lyceum.json.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code lyceum swebench}: SWE-Bench Pro parsing, grading and reports. */
@Command(name = "swebench", mixinStandardHelpOptions = true, description = "SWE-Bench Pro: parse test logs, grade, report.",
        subcommands = {SwebenchCommand.Parse.class, SwebenchCommand.Grade.class, SwebenchCommand.Report.class,
                SwebenchRunCommand.class, SwebenchAgentCommand.class})
final class SwebenchCommand {
    static Path defaultScripts(Path dataDir) {
        return (dataDir != null ? dataDir : Environments.defaultDataDir()).resolve("swe_bench_pro/run_scripts");
    }

    static Path defaultInstances(Path dataDir) {
        return (dataDir != null ? dataDir : Environments.defaultDataDir()).resolve("swe_bench_pro/instances_from_run_scripts.jsonl.gz");
    }

    /** Runs the instance's parser: the port of its parser.py (parity) or Lyceum's parser for its family (fixed). */
    static List<TestResult> parse(Path scripts, String instanceId, byte[] stdout, byte[] stderr, String mode)
            throws IOException, ParserCrash {
        var parserPy = scripts.resolve(instanceId).resolve("parser.py");
        if (!Files.isRegularFile(parserPy)) throw new IOException(parserPy + ": no such file (is --scripts the run_scripts folder?)");
        OfficialParser official = OfficialParsers.forFile(parserPy);
        return switch (mode) {
            case "parity" -> official.run(stdout, stderr);
            case "fixed" -> {
                var fixed = FixedParsers.forFamily(official.family()).orElseThrow(() -> new IllegalArgumentException(
                        "no fixed parser for family " + official.family() + " (" + instanceId + "); use --mode parity"));
                yield fixed.parse(FixedParsers.decode(stdout), FixedParsers.decode(stderr));
            }
            default -> throw new IllegalArgumentException("--mode must be parity or fixed, was " + mode);
        };
    }

    @Command(name = "parse", mixinStandardHelpOptions = true,
            description = "Parse one instance's test logs into the official output.json shape.")
    static final class Parse implements Callable<Integer> {
        @Option(names = "--instance", required = true, paramLabel = "ID") String instance;
        @Option(names = "--stdout", required = true, paramLabel = "FILE") Path stdout;
        @Option(names = "--stderr", required = true, paramLabel = "FILE") Path stderr;
        @Option(names = "--mode", defaultValue = "parity", description = "parity (byte-identical to parser.py) or fixed")
        String mode;
        @Option(names = "--scripts", paramLabel = "DIR", description = "run_scripts folder (default: <data-dir>/swe_bench_pro/run_scripts)")
        Path scripts;
        @Option(names = "--data-dir", paramLabel = "DIR", description = "shared data (default: LYCEUM_DATA or ../shared/data)")
        Path dataDir;

        @Override
        public Integer call() throws Exception {
            var dir = scripts != null ? scripts : defaultScripts(dataDir);
            try {
                System.out.println(OutputJson.write(parse(dir, instance, Files.readAllBytes(stdout), Files.readAllBytes(stderr), mode)));
                return 0;
            } catch (ParserCrash e) {
                System.err.println("lyceum: the official parser.py of " + instance + " crashes on these logs: " + e.getMessage()
                        + " (the official harness scores this instance unresolved)");
                return 1;
            }
        }
    }

    @Command(name = "grade", mixinStandardHelpOptions = true,
            description = "Grade one instance from its output.json or its logs: strict (official) and lenient verdicts.")
    static final class Grade implements Callable<Integer> {
        @Option(names = "--instance", required = true, paramLabel = "ID") String instance;
        @Option(names = "--output", paramLabel = "FILE", description = "an output.json; otherwise --stdout/--stderr are parsed")
        Path output;
        @Option(names = "--stdout", paramLabel = "FILE") Path stdout;
        @Option(names = "--stderr", paramLabel = "FILE") Path stderr;
        @Option(names = "--mode", defaultValue = "parity") String mode;
        @Option(names = "--strip-names", description = "compare test names with surrounding whitespace removed (not parity)")
        boolean stripNames;
        @Option(names = "--instances", paramLabel = "FILE", description = "instances (Parquet/JSONL; default: the shared run-scripts index)")
        Path instances;
        @Option(names = "--scripts", paramLabel = "DIR") Path scripts;
        @Option(names = "--data-dir", paramLabel = "DIR") Path dataDir;
        @Option(names = "--json", description = "print JSON") boolean json;

        @Override
        public Integer call() throws Exception {
            SweProInstance task = SweProInstances.load(instances != null ? instances : defaultInstances(dataDir)).get(instance);
            if (task == null) throw new IllegalArgumentException("unknown instance " + instance);
            Grading.Outcome outcome;
            if (output != null) {
                outcome = Files.exists(output) ? new Grading.Outcome.Parsed(OutputJson.read(Files.readString(output)))
                        : new Grading.Outcome.NoOutput();
            } else if (stdout != null && stderr != null) {
                var dir = scripts != null ? scripts : defaultScripts(dataDir);
                try {
                    outcome = new Grading.Outcome.Parsed(parse(dir, instance, Files.readAllBytes(stdout), Files.readAllBytes(stderr), mode));
                } catch (ParserCrash e) {
                    outcome = new Grading.Outcome.ParserCrashed(e.getMessage());
                }
            } else {
                throw new IllegalArgumentException("give --output, or --stdout and --stderr");
            }
            var verdict = new Grading(stripNames).grade(instance, task.failToPass(), task.passToPass(), outcome);
            if (json) {
                System.out.println(Json.newMapper().writeValueAsString(verdict));
            } else {
                System.out.printf("%s: %s (lenient %s); fail-to-pass %d/%d, pass-to-pass %d/%d%n", instance, verdict.status(),
                        verdict.lenient(), verdict.failToPassPassed(), verdict.failToPassTotal(), verdict.passToPassPassed(),
                        verdict.passToPassTotal());
                verdict.missing().stream().limit(20).forEach(m -> System.out.println("  not passed: " + m));
                verdict.detail().ifPresent(d -> System.out.println("  " + d));
            }
            return verdict.resolved() ? 0 : 3;
        }
    }

    @Command(name = "report", mixinStandardHelpOptions = true,
            description = "Re-aggregate eval_results.json files: resolved over evaluated, over 731 and over 730, with 95% intervals.")
    static final class Report implements Callable<Integer> {
        @Option(names = "--results", required = true, arity = "1..*", paramLabel = "FILE") List<Path> results;
        @Option(names = "--instances", paramLabel = "FILE",
                description = "instances naming the public set (default: the shared run-scripts index, if present)")
        Path instances;
        @Option(names = "--data-dir", paramLabel = "DIR") Path dataDir;
        @Option(names = "--by-repo", description = "also print per-language and per-repository rates") boolean byRepo;
        @Option(names = "--json", description = "print JSON") boolean json;

        @Override
        public Integer call() throws Exception {
            var publicIds = publicIds();
            var runs = new ArrayList<ResultsReport.RunSummary>();
            for (var file : results) runs.add(ResultsReport.summarize(file.getFileName().toString(), ResultsReport.read(file), publicIds));
            if (json) {
                System.out.println(Json.newMapper().writeValueAsString(runs));
                return 0;
            }
            System.out.print(ResultsReport.table(runs));
            if (byRepo) runs.forEach(r -> System.out.print(ResultsReport.breakdown(r)));
            return 0;
        }

        /** The 731 public ids: those with an instance Dockerfile in the run-scripts index. */
        private Set<String> publicIds() throws Exception {
            var file = instances != null ? instances : defaultInstances(dataDir);
            if (instances == null && !Files.exists(file)) return Set.of();
            var ids = new HashSet<String>();
            for (var row : ai.lyceum.dataset.DatasetReader.read(file)) {
                var flag = row.fields().get("has_instance_dockerfile");
                if (flag == null || flag.asBoolean()) ids.add(row.text("instance_id"));
            }
            return ids;
        }
    }
}
