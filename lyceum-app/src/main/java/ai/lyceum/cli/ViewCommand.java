package ai.lyceum.cli;

import ai.lyceum.view.RunViewer;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code lyceum view}: the run viewer. */
@Command(name = "view", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Browse eval and train runs in a local web page.",
                "Runs, failures, reward distributions, per-task rows, rollouts turn by turn, learning curves and hints,",
                "and two runs side by side; on 127.0.0.1 only."},
        footer = {"", "Examples:",
                "  lyceum view runs/gsm8k-qwen",
                "  lyceum view runs --port 8090          # every run directory under runs/"})
final class ViewCommand implements Callable<Integer> {
    @Parameters(arity = "1..*", paramLabel = "DIR", description = "a run directory (holding run.db) or a folder of them")
    List<Path> dirs;

    @Option(names = "--port", defaultValue = "8070", paramLabel = "P", description = "port on 127.0.0.1 (default: ${DEFAULT-VALUE}; 0 = any free)")
    int port;

    @Override
    public Integer call() throws Exception {
        try (var viewer = RunViewer.start(dirs, port)) {
            System.out.printf("%d run%s at http://127.0.0.1:%d/ (Ctrl-C to stop)%n", viewer.runs().size(),
                    viewer.runs().size() == 1 ? "" : "s", viewer.port());
            var stop = new CountDownLatch(1);
            Runtime.getRuntime().addShutdownHook(new Thread(stop::countDown));
            stop.await();
        }
        return 0;
    }
}
