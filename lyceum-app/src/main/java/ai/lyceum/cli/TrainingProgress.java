package ai.lyceum.cli;

import java.io.PrintStream;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/** Progress over a known number of training steps: a bar on a terminal, a line every 10% otherwise. */
final class TrainingProgress implements AutoCloseable {
    private final String label;
    private final PrintStream out;
    private final long total;
    private final ProgressBar bar;
    private long done;
    private int nextDecile = 1;

    TrainingProgress(String label, long total, PrintStream out) {
        this.label = label;
        this.out = out;
        this.total = total;
        this.bar = Progress.isTerminal()
                ? new ProgressBarBuilder().setTaskName(label).setInitialMax(total).setStyle(ProgressBarStyle.ASCII)
                        .setUpdateIntervalMillis(250).continuousUpdate().build()
                : null;
        if (bar == null) out.printf("%s: %d steps%n", label, total);
    }

    /** One more step done; {@code message} says where training stands. */
    synchronized void step(String message) {
        done++;
        if (bar != null) {
            bar.stepTo(done);
            bar.setExtraMessage(" " + message);
            return;
        }
        int decile = (int) (done * 10 / total);
        if (decile >= nextDecile) {
            nextDecile = decile + 1;
            out.printf("%s: %d/%d steps  %s%n", label, done, total, message);
        }
    }

    /** Counts {@code steps} done before this process started (a resumed run). */
    synchronized void skip(long steps) {
        done += steps;
        nextDecile = (int) (done * 10 / total) + 1;
        if (bar != null) bar.stepTo(done);
    }

    /** Says something without counting a step: beside the bar on a terminal, as a line otherwise. */
    synchronized void note(String message) {
        if (bar != null) bar.setExtraMessage(" " + message);
        else out.printf("%s: %s%n", label, message);
    }

    @Override
    public void close() { if (bar != null) bar.close(); }
}
