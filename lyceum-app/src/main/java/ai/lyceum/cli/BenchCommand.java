package ai.lyceum.cli;

import picocli.CommandLine.Command;

/** {@code lyceum bench}: benchmarks, measured as commands rather than timed tests. */
@Command(name = "bench", mixinStandardHelpOptions = true, description = "Benchmarks.",
        subcommands = {BenchRolloutsCommand.class, BenchVerifyCommand.class, BenchSandboxCommand.class,
                BenchRubricCommand.class, BenchTrainCommand.class, BenchAresCommand.class, BenchResearchRubricsCommand.class,
                BenchServeCommand.class})
final class BenchCommand {}
