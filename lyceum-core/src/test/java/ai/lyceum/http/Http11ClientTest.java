package ai.lyceum.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class Http11ClientTest {
    /** Answers each request on each connection with {@code answer.respond(connectionNo, requestNo, out)}. */
    interface Answer {
        /** @return false to close the connection after this answer */
        boolean respond(int connection, int request, String body, OutputStream out) throws IOException;
    }

    static final class RawServer implements AutoCloseable {
        final ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        final AtomicInteger connections = new AtomicInteger();
        final List<String> heads = new CopyOnWriteArrayList<>();

        RawServer(Answer answer) throws IOException {
            Thread.ofVirtual().start(() -> {
                while (!server.isClosed()) {
                    try {
                        var socket = server.accept();
                        int n = connections.incrementAndGet();
                        Thread.ofVirtual().start(() -> serve(socket, n, answer));
                    } catch (IOException e) {
                        return;
                    }
                }
            });
        }

        private void serve(Socket socket, int connection, Answer answer) {
            try (socket) {
                var in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.ISO_8859_1));
                for (int request = 1; ; request++) {
                    var head = new StringBuilder();
                    int length = 0;
                    for (String line; (line = in.readLine()) != null && !line.isEmpty(); ) {
                        head.append(line).append('\n');
                        if (line.toLowerCase().startsWith("content-length:")) length = Integer.parseInt(line.substring(15).trim());
                    }
                    if (head.isEmpty()) return;
                    heads.add(head.toString());
                    var body = new char[length];
                    in.read(body, 0, length);
                    if (!answer.respond(connection, request, new String(body), socket.getOutputStream())) return;
                }
            } catch (IOException ignored) {
                // the client went away
            }
        }

        URI uri() { return URI.create("http://127.0.0.1:" + server.getLocalPort() + "/v1/chat/completions?x=1"); }

        @Override
        public void close() throws IOException { server.close(); }
    }

    private final Http11Client client = new Http11Client(Duration.ofSeconds(2));

    private static final Answer NEVER_ANSWERS = (c, r, body, out) -> {
        try {
            Thread.sleep(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return false;
    };

    @Test
    void sendsAPlainHttp11PostAndReusesTheConnection() throws Exception {
        try (var server = new RawServer((c, r, body, out) -> {
            write(out, "HTTP/1.1 200 OK\r\nContent-Length: " + body.length() + "\r\n\r\n" + body);
            return true;
        })) {
            for (int i = 0; i < 3; i++) {
                var response = client.post(server.uri(), Map.of("Content-Type", "application/json"), ("{\"i\":" + i + "}").getBytes(), Duration.ofSeconds(5));
                assertThat(response.status()).isEqualTo(200);
                assertThat(response.bodyText()).isEqualTo("{\"i\":" + i + "}");
            }
            assertThat(server.connections.get()).isEqualTo(1);
            assertThat(server.heads.getFirst()).startsWith("POST /v1/chat/completions?x=1 HTTP/1.1\n")
                    .contains("Host: 127.0.0.1:" + server.server.getLocalPort(), "Content-Type: application/json")
                    .doesNotContainIgnoringCase("upgrade");
        }
    }

    @Test
    void readsChunkedBodiesAndBodiesEndedByClose() throws Exception {
        try (var server = new RawServer((c, r, body, out) -> {
            if (r == 1) {
                write(out, "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5;ext=1\r\nhello\r\n6\r\n world\r\n0\r\nX-Trailer: y\r\n\r\n");
                return true;
            }
            write(out, "HTTP/1.0 200 OK\r\n\r\nuntil the end");
            return false;
        })) {
            assertThat(client.post(server.uri(), Map.of(), new byte[0], Duration.ofSeconds(5)).bodyText()).isEqualTo("hello world");
            assertThat(client.post(server.uri(), Map.of(), new byte[0], Duration.ofSeconds(5)).bodyText()).isEqualTo("until the end");
        }
    }

    @Test
    void probesAnIdleConnectionAndReplacesItWhenTheServerClosedIt() throws Exception {
        try (var server = new RawServer((c, r, body, out) -> {
            write(out, "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok");
            return false; // close after each answer without saying so: the pooled connection goes stale
        })) {
            assertThat(client.post(server.uri(), Map.of(), new byte[0], Duration.ofSeconds(5)).bodyText()).isEqualTo("ok");
            Thread.sleep(Http11Client.CHECK_IDLE_AFTER / 1_000_000 + 100);
            assertThat(client.post(server.uri(), Map.of(), new byte[0], Duration.ofSeconds(5)).bodyText()).isEqualTo("ok");
            assertThat(server.connections.get()).isEqualTo(2);
        }
    }

    @Test
    void aResponseCutShortIsAnErrorNotATruncatedBody() throws Exception {
        try (var server = new RawServer((c, r, body, out) -> {
            write(out, "HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n{\"choices\":");
            return false;
        })) {
            assertThatThrownBy(() -> client.post(server.uri(), Map.of(), new byte[0], Duration.ofSeconds(5)))
                    .isInstanceOf(IOException.class).hasMessageContaining("mid-body");
        }
    }

    @Test
    void aServerThatNeverAnswersTimesOut() throws Exception {
        try (var server = new RawServer(NEVER_ANSWERS)) {
            long t0 = System.nanoTime();
            assertThatThrownBy(() -> client.post(server.uri(), Map.of(), new byte[0], Duration.ofMillis(300)))
                    .isInstanceOf(Http11Client.TimeoutException.class);
            assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(5));
        }
    }

    @Test
    void interruptingTheCallerAbortsTheExchange() throws Exception {
        try (var server = new RawServer(NEVER_ANSWERS)) {
            var thrown = new java.util.concurrent.atomic.AtomicReference<Throwable>();
            var caller = Thread.ofVirtual().start(() -> {
                try {
                    client.post(server.uri(), Map.of(), new byte[0], Duration.ofSeconds(30));
                } catch (IOException e) {
                    thrown.set(e);
                }
            });
            Thread.sleep(200);
            caller.interrupt();
            caller.join(5000);
            assertThat(thrown.get()).isInstanceOf(InterruptedIOException.class);
        }
    }

    @Test
    void refusesHeaderValuesThatWouldInjectLinesWithoutEchoingThem() {
        assertThatThrownBy(() -> client.post(URI.create("http://127.0.0.1:1/"), Map.of("Authorization", "Bearer sk-secret\r\nX: y"),
                new byte[0], Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageNotContaining("sk-secret");
    }

    @Test
    void refusesAnOversizedBody() throws Exception {
        try (var server = new RawServer((c, r, body, out) -> {
            write(out, "HTTP/1.1 200 OK\r\nContent-Length: " + (Http11Client.MAX_BODY + 1L) + "\r\n\r\n");
            return false;
        })) {
            assertThatThrownBy(() -> client.post(server.uri(), Map.of(), new byte[0], Duration.ofSeconds(5)))
                    .hasMessageContaining("refused");
        }
    }

    private static void write(OutputStream out, String text) throws IOException {
        out.write(text.getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
    }
}
