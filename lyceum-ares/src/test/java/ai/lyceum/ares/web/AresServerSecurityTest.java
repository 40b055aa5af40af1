package ai.lyceum.ares.web;

import static org.assertj.core.api.Assertions.assertThat;

import ai.lyceum.ares.Ares;
import ai.lyceum.ares.synth.SyntheticLeRobot;
import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 13: cross-site writes, DNS rebinding and export litter. Requests are written by hand on a socket, since
 * Java's HTTP client will not send a forged {@code Host} header.
 */
class AresServerSecurityTest {
    @TempDir
    static Path dir;
    static AresServer server;
    static Path store;

    @BeforeAll
    static void start() throws Exception {
        var data = dir.resolve("synth");
        new SyntheticLeRobot(12, 2, 100_000, false).write(data);
        store = dir.resolve("store");
        Ares.ingest(Ares.Format.LEROBOT, data, store.toString());
        server = AresServer.start(store.toString(), 0);
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
    }

    private String host() { return "127.0.0.1:" + server.port(); }

    /** Sends one raw HTTP/1.1 request; returns the status line and body. */
    private String send(String method, String path, String host, String... headers) throws IOException {
        try (var socket = new Socket("127.0.0.1", server.port())) {
            var request = new StringBuilder(method + " " + path + " HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n");
            for (var h : headers) request.append(h).append("\r\n");
            request.append("Content-Length: 0\r\n\r\n");
            socket.getOutputStream().write(request.toString().getBytes(StandardCharsets.UTF_8));
            return new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private String token() throws IOException {
        var body = send("GET", "/api/token", host());
        return body.replaceAll("(?s).*\"token\":\"([0-9a-f]+)\".*", "$1");
    }

    @Test
    void aCrossSitePostIsForbiddenAndTagsNothing() throws Exception {
        var forged = send("POST", "/api/tag?filter=&tag=pwned", host(), "Origin: http://attacker.example",
                "X-Lyceum-Token: " + token());
        assertThat(forged).startsWith("HTTP/1.1 403");
        var noToken = send("POST", "/api/tag?filter=&tag=pwned", host(), "Origin: http://" + host());
        assertThat(noToken).startsWith("HTTP/1.1 403").contains("X-Lyceum-Token");
        assertThat(send("GET", "/api/episodes?filter=" + java.net.URLEncoder.encode("tag = 'pwned'", StandardCharsets.UTF_8), host()))
                .contains("\"total\":0");
        var own = send("POST", "/api/tag?filter=&tag=ok", host(), "Origin: http://" + host(), "X-Lyceum-Token: " + token());
        assertThat(own).startsWith("HTTP/1.1 200").contains("\"tagged\":12");
    }

    @Test
    void aForgedHostIsForbidden() throws Exception {
        assertThat(send("GET", "/api/stats", "attacker.example:" + server.port())).startsWith("HTTP/1.1 403");
        assertThat(send("GET", "/api/stats", "127.0.0.1:1")).startsWith("HTTP/1.1 403");
        assertThat(send("GET", "/", "attacker.example")).startsWith("HTTP/1.1 403");
        assertThat(send("GET", "/api/stats", "localhost:" + server.port())).startsWith("HTTP/1.1 200");
    }

    @Test
    void exportsStreamAndLeaveNoCopyBehind() throws Exception {
        for (int i = 0; i < 3; i++) {
            var body = send("GET", "/api/export?format=jsonl", host());
            assertThat(body).startsWith("HTTP/1.1 200");
            assertThat(body.lines().filter(l -> l.startsWith("{\"id\"")).count()).isEqualTo(12);
        }
        var exports = store.resolve("exports");
        assertThat(!Files.exists(exports) || Files.list(exports).findAny().isEmpty()).as("nothing kept in " + exports).isTrue();
        assertThat(send("GET", "/api/export?format=lerobot", host())).startsWith("HTTP/1.1 400"); // writes need POST + token
    }

    @Test
    void histogramBucketsAreDistinctRangesAndAnEmptySelectionHasNone() throws Exception {
        var body = send("GET", "/api/distribution?column=length", host());
        var labels = new java.util.ArrayList<String>();
        var m = java.util.regex.Pattern.compile("\"label\":\"([^\"]*)\"").matcher(body);
        while (m.find()) labels.add(m.group(1));
        assertThat(labels).hasSize(10).doesNotHaveDuplicates().allSatisfy(l -> assertThat(l).contains("–"));
        var none = send("GET", "/api/distribution?column=length&filter=" + java.net.URLEncoder.encode("length > 100000000",
                StandardCharsets.UTF_8), host());
        assertThat(none).startsWith("HTTP/1.1 200").contains("[]").doesNotContain("label").doesNotContain("NaN");
    }

    @Test
    void theServerSaysItHoldsTheStore() throws Exception {
        assertThat(AresServer.servedBy(store)).contains("pid " + ProcessHandle.current().pid() + ", http://127.0.0.1:" + server.port() + "/");
    }

    @Test
    void aBusyPortIsAPlainError() {
        var e = org.junit.jupiter.api.Assertions.assertThrows(IOException.class, () -> AresServer.start(store.toString(), server.port()));
        assertThat(e.getMessage()).isNotNull();
    }
}
