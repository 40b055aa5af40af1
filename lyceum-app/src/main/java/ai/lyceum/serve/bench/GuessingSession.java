package ai.lyceum.serve.bench;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One benchmark session over {@code /ws}: reset, then guess by binary search, one step per guess, resetting when
 * an episode ends before the session has taken its steps. It is a state machine driven by {@link WsLoadClient}'s
 * thread: a reply is read where it arrives and the next message sent from there (or scheduled after the think
 * time), so no thread waits per session and the client's own CPU stays small beside the server's.
 *
 * <p>A reply is read with Jackson's streaming parser for what a client needs: its type, {@code done}, and the
 * last message (the environment's "higher" or "lower"). Anything but an observation loses the session.
 */
final class GuessingSession implements WsLoadClient.Listener {
    private static final JsonFactory JSON = new JsonFactory();

    /** Where a session reports what it measured and how it ended. */
    interface Recorder {
        void reset(long nanos);

        void step(long nanos);

        /** The session took all its steps. */
        void finished();

        /** The session failed; {@code why} says how. Called at most once, and never after {@link #finished}. */
        void lost(int session, String why);
    }

    private final int index;
    private final int steps;
    private final int upper;
    private final Duration think;
    private final ScheduledExecutorService timer;
    private final Recorder recorder;
    private volatile WsLoadClient.Connection connection;
    // Touched only by the callback that handles a reply, and by the send it makes or schedules: one at a time.
    private int taken;
    private int episodes;
    private int lo;
    private int hi;
    private int guess;
    private boolean awaitingReset;
    private volatile long sentAt;
    private final AtomicBoolean over = new AtomicBoolean();

    /** @param upper the environment's largest secret; a search starts on 1..upper */
    GuessingSession(int index, int steps, int upper, Duration think, ScheduledExecutorService timer, Recorder recorder) {
        this.index = index;
        this.steps = steps;
        this.upper = upper;
        this.think = think;
        this.timer = timer;
        this.recorder = recorder;
    }

    void open(WsLoadClient.Connection c) { connection = c; }

    /** Starts playing; with a think time, after a random part of one, so sessions do not step in lockstep. */
    void start() {
        if (think.isZero()) reset();
        else timer.schedule(this::reset, ThreadLocalRandom.current().nextLong(think.toNanos()), TimeUnit.NANOSECONDS);
    }

    /** When the message awaiting a reply was sent, or 0 when none is (thinking, or over). */
    long waitingSince() { return over.get() ? 0 : sentAt; }

    @Override
    public void onMessage(byte[] message, int offset, int length) {
        long latency = System.nanoTime() - sentAt;
        sentAt = 0;
        if (over.get()) return;
        Reply reply;
        try {
            reply = Reply.read(message, offset, length);
        } catch (IOException | RuntimeException e) {
            lose("unreadable reply: " + e.getMessage());
            return;
        }
        if (!reply.type().equals("observation")) {
            var text = new String(message, offset, Math.min(length, 200), StandardCharsets.UTF_8);
            lose("unexpected reply " + (length > 200 ? text + "…" : text));
            return;
        }
        if (awaitingReset) {
            recorder.reset(latency);
            lo = 1;
            hi = upper;
            guess = 0;
        } else {
            recorder.step(latency);
            taken++;
            if (reply.lastMessage().equals("higher")) lo = guess + 1;
            else if (reply.lastMessage().equals("lower")) hi = guess - 1;
        }
        if (taken >= steps) {
            if (!over.compareAndSet(false, true)) return;
            recorder.finished();
            connection.close();
        } else if (reply.done()) {
            reset();
        } else if (think.isZero()) {
            step();
        } else {
            timer.schedule(this::step, think.toNanos(), TimeUnit.NANOSECONDS);
        }
    }

    @Override
    public void onClosed(String why) {
        if (why != null) lose(why);
    }

    /** Gives up on the session: a reply is overdue or the socket failed. */
    void lose(String why) {
        if (!over.compareAndSet(false, true)) return;
        recorder.lost(index, why);
        var c = connection;
        if (c != null) c.disconnect();
    }

    private void reset() {
        awaitingReset = true;
        send("{\"type\":\"reset\",\"data\":{\"seed\":" + (index + 7919L * episodes++) + "}}");
    }

    private void step() {
        awaitingReset = false;
        guess = (lo + hi) >>> 1;
        send("{\"type\":\"step\",\"data\":{\"content\":\"" + guess + "\"}}");
    }

    private void send(String text) {
        if (over.get()) return;
        sentAt = System.nanoTime();
        connection.sendText(text);
    }

    /** What the session reads from a server message. */
    record Reply(String type, boolean done, String lastMessage) {
        /** {@code {"type":..,"data":{"observation":{"messages":[..,{"content":..}],..},"reward":..,"done":..}}}. */
        static Reply read(byte[] text, int offset, int length) throws IOException {
            String type = "";
            boolean done = false;
            String last = "";
            try (JsonParser p = JSON.createParser(text, offset, length)) {
                // Depth 1 is the envelope, 2 its data, 3 the observation, 4 the messages array, 5 one message.
                int depth = 0;
                String field = null;
                boolean inMessages = false;
                for (JsonToken t = p.nextToken(); t != null; t = p.nextToken()) {
                    switch (t) {
                        case START_OBJECT, START_ARRAY -> {
                            depth++;
                            if (depth == 4 && t == JsonToken.START_ARRAY && "messages".equals(field)) inMessages = true;
                        }
                        case END_OBJECT, END_ARRAY -> {
                            if (depth == 4) inMessages = false;
                            depth--;
                        }
                        case FIELD_NAME -> field = p.currentName();
                        case VALUE_STRING -> {
                            if (depth == 1 && "type".equals(field)) type = p.getText();
                            else if (inMessages && depth == 5 && "content".equals(field)) last = p.getText();
                        }
                        case VALUE_TRUE -> { if (depth == 2 && "done".equals(field)) done = true; }
                        default -> { }
                    }
                }
            }
            return new Reply(type, done, last);
        }
    }
}
