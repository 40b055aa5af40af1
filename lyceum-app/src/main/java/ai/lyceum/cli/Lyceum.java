package ai.lyceum.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code lyceum} command. */
@Command(name = "lyceum", mixinStandardHelpOptions = true, version = "lyceum 0.1.0",
        description = "Learning environments that post-train and evaluate language-model agents.",
        subcommands = {EvalCommand.class, EnvsCommand.class, TrainCommand.class, DemoCommand.class, VerifyCommand.class, ScoreCommand.class, AresCommand.class,
                ServeCommand.class, BenchCommand.class,
                CommandLine.HelpCommand.class})
public final class Lyceum {
    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    static CommandLine commandLine() {
        var cli = new CommandLine(new Lyceum());
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
