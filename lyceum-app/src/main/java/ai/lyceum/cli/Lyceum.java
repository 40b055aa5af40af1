package ai.lyceum.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code lyceum} command. */
@Command(name = "lyceum", mixinStandardHelpOptions = true, version = "lyceum 0.1.0",
        description = "Learning environments that post-train and evaluate language-model agents.",
        footer = {"", "Examples:",
                "  lyceum demo                                    # does teacher guidance accelerate RL?",
                "  lyceum eval --env gsm8k --policy gold --out runs/gsm8k-gold",
                "  lyceum view runs                               # browse the runs in runs/",
                "  lyceum COMMAND --help                          # options and examples of one command"},
        subcommands = {EvalCommand.class, EnvsCommand.class, TrainCommand.class, DemoCommand.class, ExperimentCommand.class, VftCommand.class, ViewCommand.class,
                VerifyCommand.class, ScoreCommand.class, AresCommand.class, SwebenchCommand.class,
                ResearchRubricsCommand.class, ServeCommand.class,
                BenchCommand.class,
                CommandLine.HelpCommand.class})
public final class Lyceum {
    /**
     * Lucene logs at INFO which vector code it chose; with the incubator module enabled (the launcher does, for
     * ares) that is no news, and its warning when the module is missing stays visible. Held, so it is not collected.
     */
    private static final java.util.logging.Logger LUCENE_VECTORS = java.util.logging.Logger.getLogger(
            "org.apache.lucene.internal.vectorization");

    public static void main(String[] args) {
        LUCENE_VECTORS.setLevel(java.util.logging.Level.WARNING);
        System.exit(commandLine().execute(args));
    }

    /**
     * Lists subcommands with their whole first sentence, wrapped, where picocli would print the first line of the
     * description and so cut a sentence that runs on.
     */
    private static void wholeSummaries(CommandLine cli) {
        if (cli.getSubcommands().isEmpty()) return;
        cli.getHelpSectionMap().put(CommandLine.Model.UsageMessageSpec.SECTION_KEY_COMMAND_LIST, help -> {
            var out = new StringBuilder();
            int width = help.subcommands().keySet().stream().mapToInt(String::length).max().orElse(0) + 4;
            for (var e : help.subcommands().entrySet()) {
                var usage = e.getValue().commandSpec().usageMessage();
                var lines = usage.header().length > 0 ? usage.header() : usage.description();
                var text = String.join(" ", lines).replace("%n", " ").strip();
                int end = text.indexOf(". ");
                var summary = end < 0 ? text : text.substring(0, end + 1);
                var line = new StringBuilder("  " + e.getKey() + " ".repeat(width - 2 - e.getKey().length()));
                int column = line.length();
                for (var word : summary.split(" ")) {
                    if (column + word.length() > 100 && column > width) {
                        out.append(line.toString().stripTrailing()).append('\n');
                        line = new StringBuilder(" ".repeat(width));
                        column = width;
                    }
                    line.append(word).append(' ');
                    column += word.length() + 1;
                }
                out.append(line.toString().stripTrailing()).append('\n');
            }
            return out.toString();
        });
        cli.getSubcommands().values().forEach(Lyceum::wholeSummaries);
    }

    static CommandLine commandLine() {
        var cli = new CommandLine(new Lyceum());
        cli.setUsageHelpWidth(110); // examples and their comments fit on a line
        wholeSummaries(cli);
        // Bad input is the user's to fix: say what is wrong in one line, not with a stack trace.
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            if (e instanceof IllegalArgumentException || e instanceof ai.lyceum.dataset.DatasetException
                    || e instanceof java.io.IOException) {
                commandLine.getErr().println("lyceum: " + e.getMessage());
                return 2;
            }
            throw e;
        });
        return cli;
    }
}
