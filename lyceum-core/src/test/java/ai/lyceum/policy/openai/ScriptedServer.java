package ai.lyceum.policy.openai;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;

/** A loopback server that answers with a scripted sequence of responses and records what it was sent. */
final class ScriptedServer implements AutoCloseable {
    record Reply(int status, Map<String, String> headers, String body, Duration delay) {
        static Reply ok(String body) { return new Reply(200, Map.of(), body, Duration.ZERO); }

        static Reply status(int status) { return new Reply(status, Map.of(), "{\"error\":{\"message\":\"scripted\"}}", Duration.ZERO); }
    }

    record Received(String protocol, String path, Map<String, List<String>> headers, String body) {}

    private final HttpServer server;
    private final ConcurrentLinkedQueue<Reply> script;
    final List<Received> received = new CopyOnWriteArrayList<>();

    ScriptedServer(List<Reply> replies) throws IOException {
        this.script = new ConcurrentLinkedQueue<>(replies);
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/", exchange -> {
            try (exchange) {
                var body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
                received.add(new Received(exchange.getProtocol(), exchange.getRequestURI().getPath(), Map.copyOf(exchange.getRequestHeaders()), body));
                var reply = script.poll();
                if (reply == null) reply = Reply.status(599);
                Thread.sleep(reply.delay());
                reply.headers().forEach((k, v) -> exchange.getResponseHeaders().set(k, v));
                var bytes = reply.body().getBytes(StandardCharsets.UTF_8);
                exchange.sendResponseHeaders(reply.status(), bytes.length);
                exchange.getResponseBody().write(bytes);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        server.start();
    }

    String baseUrl() { return "http://127.0.0.1:" + server.getAddress().getPort() + "/v1"; }

    @Override
    public void close() { server.stop(0); }

    static String chat(String text) {
        return "{\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":\"" + text
                + "\"},\"finish_reason\":\"stop\"}],\"usage\":{\"prompt_tokens\":5,\"completion_tokens\":2}}";
    }
}
