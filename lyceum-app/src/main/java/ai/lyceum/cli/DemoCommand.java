package ai.lyceum.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code lyceum demo}: the main job. Until the trainer lands it validates the GSM8K environment end to end: the
 * gold policy through the rollout engine, reward and run store, with a fresh run directory each time.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Run the main demonstration job (currently: GSM8K with the gold policy, all 1,319 tasks).")
final class DemoCommand implements Callable<Integer> {
    @Option(names = "--out", defaultValue = "runs/demo", paramLabel = "DIR", description = "run directory (default: ${DEFAULT-VALUE}); replaced")
    Path out;

    @Override
    public Integer call() throws Exception {
        Directories.deleteTree(out);
        System.out.println("Lyceum demo: evaluating the gsm8k environment with the gold policy (replays reference answers).");
        System.out.println("A trustworthy environment scores its gold answers 1.0; every rollout is stored in " + out.resolve("run.db"));
        return Lyceum.commandLine().execute("eval", "--env", "gsm8k", "--policy", "gold", "--out", out.toString());
    }
}
