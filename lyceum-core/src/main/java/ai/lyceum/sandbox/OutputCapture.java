package ai.lyceum.sandbox;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;

/**
 * Drains one process stream on a virtual thread, keeping the first {@code cap} bytes and only counting the rest,
 * so a program printing a gigabyte costs the host a fixed buffer. Draining continues past the cap because a
 * program blocked on a full pipe would otherwise hang until its deadline.
 */
final class OutputCapture {
    private final InputStream in;
    private final int cap;
    private final ByteArrayOutputStream kept;
    private long total;
    private final Thread thread;

    private OutputCapture(InputStream in, int cap) {
        this.in = in;
        this.cap = cap;
        this.kept = new ByteArrayOutputStream(Math.min(cap, 8192));
        this.thread = Thread.ofVirtual().name("sandbox-output").start(this::drain);
    }

    static OutputCapture start(InputStream in, int cap) { return new OutputCapture(in, cap); }

    private void drain() {
        var buffer = new byte[16384];
        try (in) {
            int n;
            while ((n = in.read(buffer)) != -1) {
                synchronized (this) {
                    int room = cap - kept.size();
                    if (room > 0) kept.write(buffer, 0, Math.min(n, room));
                    total += n;
                }
            }
        } catch (IOException e) {
            // The stream was closed under us: what was read so far stands.
        }
    }

    /**
     * What was captured once the stream ends, or after {@code grace} if something outside the sandbox's process
     * tree still holds the pipe open (only possible without namespaces); the drain thread is then abandoned.
     */
    Captured await(Duration grace) throws InterruptedException {
        thread.join(grace);
        synchronized (this) {
            return new Captured(kept.toByteArray(), total);
        }
    }

    record Captured(byte[] bytes, long total) {
        boolean truncated() { return total > bytes.length; }
    }
}
