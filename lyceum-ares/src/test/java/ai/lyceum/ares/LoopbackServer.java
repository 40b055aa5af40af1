package ai.lyceum.ares;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.function.Function;

/** A scripted OpenAI-compatible server on 127.0.0.1 for tests: records every request, answers from a function. */
public final class LoopbackServer implements AutoCloseable {
    public record Request(String method, String path, Map<String, String> headers, String body) {}

    public record Reply(int status, String body, Map<String, String> headers) {
        public static Reply ok(String json) { return new Reply(200, json, Map.of()); }

        public static Reply status(int status, String body) { return new Reply(status, body, Map.of()); }
    }

    private final HttpServer server;
    private final List<Request> requests = new CopyOnWriteArrayList<>();

    private LoopbackServer(Function<Request, Reply> handler) throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/", exchange -> {
            try (exchange) {
                var headers = new TreeMap<String, String>();
                exchange.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(Locale.ROOT), String.join(",", v)));
                var request = new Request(exchange.getRequestMethod(), exchange.getRequestURI().getPath(), headers,
                        new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
                requests.add(request);
                var reply = handler.apply(request);
                var body = reply.body().getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().add("Content-Type", "application/json");
                reply.headers().forEach((k, v) -> exchange.getResponseHeaders().add(k, v));
                exchange.sendResponseHeaders(reply.status(), body.length == 0 ? -1 : body.length);
                if (body.length > 0) exchange.getResponseBody().write(body);
            }
        });
        server.start();
    }

    public static LoopbackServer start(Function<Request, Reply> handler) throws IOException {
        return new LoopbackServer(handler);
    }

    public URI baseUrl() { return URI.create("http://127.0.0.1:" + server.getAddress().getPort()); }

    public List<Request> requests() { return List.copyOf(requests); }

    @Override
    public void close() { server.stop(0); }
}
