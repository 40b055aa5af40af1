package ai.lyceum.serve;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A blocking OpenEnv {@code /ws} client on the JDK's WebSocket: send a message, wait for the reply. For the tests;
 * one connection is one server session.
 */
final class OpenEnvWsClient implements AutoCloseable {
    private final WebSocket socket;
    private final LinkedBlockingQueue<String> inbox = new LinkedBlockingQueue<>();
    private final Duration timeout;

    private OpenEnvWsClient(HttpClient http, URI uri, Optional<String> token, Duration timeout) throws IOException {
        this.timeout = timeout;
        var builder = http.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(10));
        token.ifPresent(t -> builder.header("Authorization", "Bearer " + t));
        try {
            this.socket = builder.buildAsync(uri, new Listener()).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            throw new IOException("cannot open " + uri + ": " + e.getMessage(), e);
        }
    }

    static OpenEnvWsClient connect(HttpClient http, URI uri, Optional<String> token, Duration timeout) throws IOException {
        return new OpenEnvWsClient(http, uri, token, timeout);
    }

    /** Sends one text message and returns the next message from the server. */
    public String send(String message) throws IOException, InterruptedException {
        try {
            socket.sendText(message, true).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            throw new IOException("send failed: " + e.getMessage(), e);
        }
        return receive();
    }

    /** The next message from the server; a close arrives as {@code "<closed CODE REASON>"}. */
    public String receive() throws IOException, InterruptedException {
        var reply = inbox.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
        if (reply == null) throw new IOException("no reply within " + timeout.toMillis() + " ms");
        return reply;
    }

    @Override
    public void close() {
        socket.sendClose(WebSocket.NORMAL_CLOSURE, "").exceptionally(e -> null);
    }

    private final class Listener implements WebSocket.Listener {
        private final StringBuilder partial = new StringBuilder();

        @Override
        public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                inbox.add(partial.toString());
                partial.setLength(0);
            }
            ws.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket ws, int statusCode, String reason) {
            inbox.add("<closed " + statusCode + " " + reason + ">");
            return null;
        }

        @Override
        public void onError(WebSocket ws, Throwable error) {
            inbox.add("<error " + error + ">");
        }
    }
}
