package ai.lyceum.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hostile programs against real bubblewrap. Each test checks the attack failed inside the sandbox and, after it,
 * that the host is unaffected: no process left behind and the sandbox still answers.
 */
@Timeout(180)
class SandboxSecurityTest {
    private final Sandbox sandbox = SandboxProvider.named("bwrap").open(SandboxLimits.DEFAULT);

    @AfterEach
    void hostIsUnaffected() throws InterruptedException {
        // The kernel tears a PID namespace down asynchronously after its init dies: allow it a moment.
        for (int i = 0; i < 100 && ProcessHandle.current().descendants().findAny().isPresent(); i++) Thread.sleep(50);
        assertThat(ProcessHandle.current().descendants().map(p -> p.info().commandLine().orElse("?")))
                .as("processes left behind").isEmpty();
        var probe = sandbox.run(ExecSpec.of(Language.PYTHON, "print('alive')"));
        assertThat(probe.stdout().text()).isEqualTo("alive\n");
    }

    private ExecResult python(String code) {
        return sandbox.run(ExecSpec.of(Language.PYTHON, code));
    }

    private ExecResult python(String code, SandboxLimits limits) {
        return sandbox.run(ExecSpec.of(Language.PYTHON, code), limits);
    }

    @Test
    void cannotReachTheNetworkNorTheHostsLoopback() throws IOException {
        try (var server = ServerSocketChannel.open()) {
            server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            server.configureBlocking(false);
            int port = ((InetSocketAddress) server.getLocalAddress()).getPort();
            var result = python("""
                    import socket
                    for host, port in [('127.0.0.1', %d), ('1.1.1.1', 53), ('8.8.8.8', 443)]:
                        try:
                            socket.create_connection((host, port), timeout=2).close()
                            print('CONNECTED', host)
                        except OSError as e:
                            print('blocked', host)
                    try:
                        socket.getaddrinfo('repo.maven.apache.org', 443)
                        print('RESOLVED')
                    except OSError:
                        print('no dns')
                    """.formatted(port));
            assertThat(result.stdout().text()).isEqualTo("blocked 127.0.0.1\nblocked 1.1.1.1\nblocked 8.8.8.8\nno dns\n");
            assertThat(server.accept()).as("a connection reached the host's loopback").isNull();
        }
    }

    @Test
    void cannotWriteOutsideItsPrivateDirectories(@TempDir Path hostDir) throws IOException {
        var result = python("""
                for path in ['/pwned', '/dev/pwned', '/usr/pwned', '/usr/lib/pwned', '/etc/pwned', '/work/main.py', '%s/pwned']:
                    try:
                        with open(path, 'w') as f:
                            f.write('x')
                        print('WROTE', path)
                    except OSError as e:
                        print('denied')
                """.formatted(hostDir));
        assertThat(result.stdout().text().lines()).containsOnly("denied").hasSize(7);
        try (var left = Files.list(hostDir)) {
            assertThat(left).isEmpty();
        }
        assertThat(Path.of("/usr/pwned")).doesNotExist();
    }

    @Test
    void cannotReadHostSecretsFilesOrEnvironment(@TempDir Path hostDir) throws IOException {
        Files.writeString(hostDir.resolve("secret.txt"), "hunter2");
        var result = python("""
                import os
                for path in ['/etc/shadow', '/root', '/home', '%s/secret.txt', '/proc/1/environ']:
                    try:
                        if os.path.isdir(path):
                            print('LISTED', path, os.listdir(path))
                        else:
                            print('READ', path, open(path).read()[:20])
                    except OSError:
                        print('hidden')
                print(sorted(os.environ))
                print(len([p for p in os.listdir('/proc') if p.isdigit()]) < 10)
                """.formatted(hostDir));
        assertThat(result.stdout().text()).doesNotContain("hunter2").doesNotContain("root:");
        assertThat(result.stdout().text().lines().limit(4)).containsOnly("hidden");
        // /proc/1 is the sandbox's own init: readable or not, it holds only the sandbox's environment.
        assertThat(result.stdout().text()).contains("['HOME', 'LANG', 'PATH', 'PWD', 'TMPDIR']\nTrue\n");
    }

    @Test
    void containsAForkBombWithinItsProcessLimit() {
        var result = python("""
                import os
                while True:
                    try:
                        os.fork()
                    except OSError:
                        pass
                """, sandbox.limits().withWall(Duration.ofSeconds(3)));
        assertThat(result.outcome()).isIn(ExecResult.Outcome.TIMEOUT, ExecResult.Outcome.LIMIT_EXCEEDED);
    }

    @Test
    void refusesToForkPastTheProcessBudget() {
        var result = python("""
                import os, time
                started = 0
                try:
                    for _ in range(100):
                        if os.fork() == 0:
                            time.sleep(30)
                            os._exit(0)
                        started += 1
                except OSError:
                    pass
                print(started, flush=True)
                os._exit(0)
                """, sandbox.limits().withProcesses(10));
        assertThat(Integer.parseInt(result.stdout().text().strip())).isBetween(1, 14);
    }

    @Test
    void killsAnInfiniteLoopAtTheDeadline() {
        var result = python("while True: pass", sandbox.limits().withWall(Duration.ofSeconds(2)));
        assertThat(result.outcome()).isEqualTo(ExecResult.Outcome.TIMEOUT);
        assertThat(result.wallTime()).isGreaterThanOrEqualTo(Duration.ofSeconds(2));
    }

    @Test
    void killsASleepingProgramAndItsChildrenAtTheDeadline() {
        var result = python("""
                import subprocess, time
                subprocess.Popen(['sleep', '1000'])
                time.sleep(1000)
                """, sandbox.limits().withWall(Duration.ofSeconds(2)));
        assertThat(result.outcome()).isEqualTo(ExecResult.Outcome.TIMEOUT);
    }

    @Test
    void takesBackgroundChildrenDownWhenTheProgramExits() {
        var result = python("import subprocess\nsubprocess.Popen(['sleep', '1000'])\nprint('bye')",
                sandbox.limits().withWall(Duration.ofSeconds(60)));
        assertThat(result.outcome()).isEqualTo(ExecResult.Outcome.OK);
        assertThat(result.wallTime()).isLessThan(Duration.ofSeconds(60));
    }

    @Test
    void capsAGigabyteOfOutputWithoutBufferingIt() {
        var result = python("""
                import sys
                chunk = b'x' * (1 << 20)
                for _ in range(1024):
                    sys.stdout.buffer.write(chunk)
                """, sandbox.limits().withWall(Duration.ofSeconds(120)).withCpu(Duration.ofSeconds(60)));
        assertThat(result.outcome()).isEqualTo(ExecResult.Outcome.OUTPUT_CAPPED);
        assertThat(result.stdout().totalBytes()).isEqualTo(1L << 30);
        assertThat(result.stdout().text()).hasSize(SandboxLimits.DEFAULT.outputBytes());
    }

    @Test
    void stopsAPythonMemoryBomb() {
        var result = python("x = []\nwhile True:\n    x.append(bytearray(50_000_000))");
        assertThat(result.outcome()).isEqualTo(ExecResult.Outcome.LIMIT_EXCEEDED);
        assertThat(result.detail()).contains("memory");
    }

    @Test
    void stopsANodeMemoryBomb() {
        var result = sandbox.run(ExecSpec.of(Language.NODE, "const a = []; while (true) a.push(new Array(1e6).fill(1.5));"));
        assertThat(result.outcome()).isEqualTo(ExecResult.Outcome.LIMIT_EXCEEDED);
    }

    @Test
    void stopsAJavaMemoryBomb() {
        var source = """
                public class Main {
                    public static void main(String[] args) {
                        var keep = new java.util.ArrayList<long[]>();
                        while (true) keep.add(new long[10_000_000]);
                    }
                }
                """;
        var result = sandbox.run(ExecSpec.of(Language.JAVA, source));
        assertThat(result.outcome()).isEqualTo(ExecResult.Outcome.LIMIT_EXCEEDED);
    }

    @Test
    void cannotFillTheHostsDiskOrMemoryThroughItsScratchSpace() {
        var result = python("""
                for directory in ['/tmp', '/work', '/dev/shm']:
                    try:
                        with open(directory + '/fill', 'wb') as f:
                            for _ in range(200):
                                f.write(b'x' * (1 << 20))
                        print('FILLED', directory)
                    except OSError as e:
                        print('full', e.errno)
                """, sandbox.limits().withFileBytes(1L << 30));
        assertThat(result.stdout().text()).isEqualTo("full 28\n".repeat(3)); // ENOSPC: each 64 MiB tmpfs is full
    }

    @Test
    void cannotCreateNestedNamespacesToEscape() {
        var result = python("""
                import subprocess
                r = subprocess.run(['unshare', '--user', '--map-root-user', 'id', '-u'], capture_output=True)
                print(r.returncode != 0)
                """);
        assertThat(result.stdout().text()).isEqualTo("True\n");
    }
}
