package ai.lyceum.sandbox;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * Starts one process, feeds its stdin, captures its output under a cap and enforces the wall-clock deadline by
 * killing its whole tree.
 *
 * <p>Processes are started from one long-lived platform thread. bubblewrap's {@code --die-with-parent} uses the
 * parent-death signal, which Linux sends when the <em>thread</em> that forked the child exits; a virtual thread's
 * carrier may retire while the sandbox runs, which would kill a healthy sandbox.
 */
final class ProcessRunner {
    /** How long to wait for the output streams to reach end-of-file once the process is gone. */
    private static final Duration DRAIN_GRACE = Duration.ofSeconds(2);

    private static final ExecutorService LAUNCHER = Executors.newSingleThreadExecutor(task -> {
        var thread = new Thread(task, "lyceum-sandbox-launcher");
        thread.setDaemon(true);
        return thread;
    });

    private ProcessRunner() {}

    /**
     * What happened, before any interpretation.
     *
     * @param started whether the sandbox reached the program (the start marker came first on stderr)
     */
    record Raw(int exitCode, OutputCapture.Captured stdout, OutputCapture.Captured stderr, boolean timedOut,
               boolean started, Duration wall) {}

    /**
     * Runs {@code builder}'s command. {@code marker} is printed on stderr by the sandbox just before it hands over to
     * the program, so its absence proves the failure happened in the sandbox set-up; the program cannot forge an
     * absence, since the marker precedes anything it writes.
     */
    static Raw run(ProcessBuilder builder, byte[] stdin, Duration wall, int cap, byte[] marker)
            throws IOException, InterruptedException {
        long begin = System.nanoTime();
        var process = start(builder);
        var stdout = OutputCapture.start(process.getInputStream(), cap);
        var stderr = OutputCapture.start(process.getErrorStream(), cap + marker.length);
        Thread.ofVirtual().name("sandbox-stdin").start(() -> {
            try (var in = process.getOutputStream()) {
                in.write(stdin);
            } catch (IOException e) {
                // The program exited or closed stdin without reading it all; that is its business.
            }
        });
        boolean finished;
        try {
            finished = process.waitFor(wall.toNanos(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            killTree(process);
            throw e;
        }
        if (!finished) {
            killTree(process);
            process.waitFor();
        }
        var elapsed = Duration.ofNanos(System.nanoTime() - begin);
        var out = stdout.await(DRAIN_GRACE);
        var err = stderr.await(DRAIN_GRACE);
        boolean started = startsWith(err.bytes(), marker);
        if (started) {
            var rest = Arrays.copyOfRange(err.bytes(), marker.length, Math.min(err.bytes().length, marker.length + cap));
            err = new OutputCapture.Captured(rest, err.total() - marker.length);
        }
        return new Raw(process.exitValue(), out, err, !finished, started, elapsed);
    }

    static String decode(byte[] bytes) { return new String(bytes, StandardCharsets.UTF_8); }

    private static Process start(ProcessBuilder builder) throws IOException, InterruptedException {
        var future = LAUNCHER.submit(builder::start);
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    var process = future.get();
                    if (interrupted) {
                        // The caller gave up while the launch was queued: do not leave the process behind.
                        killTree(process);
                        throw new InterruptedException("interrupted while starting the sandbox");
                    }
                    return process;
                } catch (InterruptedException e) {
                    interrupted = true; // a launch takes milliseconds: finish it so it can be killed, not leaked
                }
            }
        } catch (ExecutionException e) {
            if (e.getCause() instanceof IOException io) throw io;
            throw new IOException("could not start " + builder.command().getFirst() + ": " + e.getCause(), e.getCause());
        }
    }

    /** Kills the process and everything it started; children first so none is re-parented out of reach. */
    static void killTree(Process process) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
    }

    private static boolean startsWith(byte[] bytes, byte[] prefix) {
        if (bytes.length < prefix.length) return false;
        for (int i = 0; i < prefix.length; i++) {
            if (bytes[i] != prefix[i]) return false;
        }
        return true;
    }
}
