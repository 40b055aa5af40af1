package ai.lyceum.cli;

import picocli.CommandLine.Command;

/**
 * {@code lyceum experiment}: small-scale experiments on the embedded model, each one command that writes
 * {@code report.md}, a PNG, {@code metrics.csv} and {@code summary.json} into {@code --out}.
 */
@Command(name = "experiment", mixinStandardHelpOptions = true,
        description = "Experiments on the embedded model, each asking whether a method accelerates learning per RL step and per rollout sampled.",
        subcommands = {FeedbackExperimentCommand.class, ProposeExperimentCommand.class, VftExperimentCommand.class, SelfPlayExperimentCommand.class})
final class ExperimentCommand {}
