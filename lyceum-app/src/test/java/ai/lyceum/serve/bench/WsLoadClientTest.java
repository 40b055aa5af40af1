package ai.lyceum.serve.bench;

import static org.assertj.core.api.Assertions.assertThat;

import ai.lyceum.env.procedural.GuessNumberEnvironment;
import ai.lyceum.serve.LyceumServer;
import ai.lyceum.serve.ServeOptions;
import ai.lyceum.serve.ServedEnvironment;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The benchmark's own WebSocket client against the real server: whole messages, big ones, and every way to end. */
class WsLoadClientTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    /** What a connection told its listener, in order: messages as text, then "closed: why" (why null when orderly). */
    private static final class Events implements WsLoadClient.Listener {
        final BlockingQueue<String> seen = new LinkedBlockingQueue<>();

        @Override public void onMessage(byte[] bytes, int offset, int length) {
            seen.add(new String(bytes, offset, length, StandardCharsets.UTF_8));
        }

        @Override public void onClosed(String why) { seen.add("closed: " + why); }

        String next() throws InterruptedException {
            var event = seen.poll(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            assertThat(event).as("an event within " + TIMEOUT).isNotNull();
            return event;
        }
    }

    @Test
    void aReplyOverSixtyFourKibibytesArrivesWholeAndAnOrderlyCloseSaysNothingWentWrong() throws Exception {
        try (var served = new ServedEnvironment(new GuessNumberEnvironment(1, 10, 8));
             var server = LyceumServer.start(served, ServeOptions.loopback(0));
             var client = new WsLoadClient()) {
            var events = new Events();
            var connection = client.connect(URI.create("ws://127.0.0.1:" + server.port() + "/ws"), events, TIMEOUT);
            connection.sendText("{\"type\":\"reset\",\"data\":{\"seed\":3}}");
            assertThat(events.next()).startsWith("{\"type\":\"observation\"");
            // The server echoes the guess in the conversation it sends back: a reply of ~100 KB, longer than one
            // 64 KiB frame and than the client's 4 KiB buffer.
            var guess = " ".repeat(100_000) + "0";
            connection.sendText("{\"type\":\"step\",\"data\":{\"content\":\"" + guess + "\"}}");
            var reply = events.next();
            assertThat(reply.length()).isGreaterThan(100_000);
            var bytes = reply.getBytes(StandardCharsets.UTF_8);
            assertThat(GuessingSession.Reply.read(bytes, 0, bytes.length))
                    .isEqualTo(new GuessingSession.Reply("observation", false, "higher"));
            connection.close();
            assertThat(events.next()).isEqualTo("closed: null");
        }
    }

    @Test
    void aServerThatClosesTheConnectionIsReportedWithItsCodeAndReason() throws Exception {
        try (var served = new ServedEnvironment(new GuessNumberEnvironment(1, 10, 8));
             var server = LyceumServer.start(served, ServeOptions.loopback(0).withMaxSessions(1));
             var client = new WsLoadClient()) {
            var uri = URI.create("ws://127.0.0.1:" + server.port() + "/ws");
            var first = new Events();
            client.connect(uri, first, TIMEOUT);
            var second = new Events();
            client.connect(uri, second, TIMEOUT);
            assertThat(second.next()).contains("CAPACITY_REACHED");
            assertThat(second.next()).isEqualTo("closed: closed by the server: 1013 capacity reached");
            assertThat(first.seen).isEmpty();
        }
    }
}
