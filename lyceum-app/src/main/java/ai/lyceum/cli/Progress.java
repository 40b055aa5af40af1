package ai.lyceum.cli;

import ai.lyceum.rollout.Rollout;
import ai.lyceum.rollout.RolloutEngine;
import java.io.PrintStream;
import java.lang.reflect.Method;
import java.util.concurrent.atomic.AtomicInteger;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * Rollout progress: a live bar on a terminal, a plain line every 10% (at most every few seconds) otherwise, so
 * logs of scripted runs stay short.
 */
final class Progress implements RolloutEngine.Listener, AutoCloseable {
    private final String label;
    private final PrintStream out;
    private final boolean quiet;
    private final AtomicInteger done = new AtomicInteger();
    private final AtomicInteger failed = new AtomicInteger();
    private volatile ProgressBar bar;
    private volatile int total;
    private volatile long lastLine;
    private volatile int nextDecile = 1;

    Progress(String label, PrintStream out, boolean quiet) {
        this.label = label;
        this.out = out;
        this.quiet = quiet;
    }

    @Override
    public void planned(int toRun, int alreadyDone) {
        total = toRun;
        if (quiet) return;
        if (alreadyDone > 0) out.printf("resuming: %d rollouts already recorded, %d to run%n", alreadyDone, toRun);
        if (isTerminal() && toRun > 0) {
            bar = new ProgressBarBuilder().setTaskName(label).setInitialMax(toRun).setStyle(ProgressBarStyle.ASCII)
                    .setUpdateIntervalMillis(200).continuousUpdate().build();
        } else {
            out.printf("%s: %d rollouts to run%n", label, toRun);
        }
        lastLine = System.nanoTime();
    }

    @Override
    public void finished(Rollout rollout) {
        int n = done.incrementAndGet();
        if (rollout.failure().isPresent()) failed.incrementAndGet();
        var b = bar;
        if (b != null) {
            b.stepTo(n); // a late step after close() is harmless: the bar no longer renders
            if (failed.get() > 0) b.setExtraMessage(" failed: " + failed.get());
            return;
        }
        if (quiet || total == 0) return;
        int decile = (int) ((long) n * 10 / total);
        long now = System.nanoTime();
        if (decile >= nextDecile && (now - lastLine > 3_000_000_000L || n == total)) {
            synchronized (this) {
                if (decile < nextDecile) return;
                nextDecile = decile + 1;
                lastLine = now;
                out.printf("%s: %d/%d rollouts (%d failed)%n", label, n, total, failed.get());
            }
        }
    }

    @Override
    public synchronized void close() {
        var b = bar;
        bar = null; // closed once: a second close would redraw the bar over what was printed since
        if (b != null) b.close();
    }

    /**
     * Whether standard output is a terminal. {@code System.console()} alone is not enough from JDK 22, where it
     * returns a console even for pipes; {@code Console.isTerminal()} (JDK 22+) settles it when present.
     */
    static boolean isTerminal() {
        var console = System.console();
        if (console == null) return false;
        try {
            Method isTerminal = console.getClass().getMethod("isTerminal");
            return (Boolean) isTerminal.invoke(console);
        } catch (ReflectiveOperationException e) {
            return true; // JDK 21: a console exists only for a terminal
        }
    }
}
