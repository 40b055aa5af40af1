package ai.lyceum.sandbox;

import java.util.ArrayList;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/** The default provider: {@link BwrapSandbox}, available when bubblewrap can create namespaces on this host. */
public final class BwrapSandboxProvider implements SandboxProvider {
    public static final String NAME = "bwrap";

    private static final String INSTALL = "install bubblewrap (Debian/Ubuntu: apt-get install -y bubblewrap;"
            + " Fedora: dnf install bubblewrap), or choose --sandbox=none for trusted code only";

    @Override
    public String name() { return NAME; }

    @Override
    public boolean isAvailable() { return Probe.RESULT.isEmpty(); }

    @Override
    public Optional<String> unavailableReason() { return Probe.RESULT; }

    @Override
    public Sandbox open(SandboxLimits limits, int concurrency) {
        Probe.RESULT.ifPresent(why -> { throw new IllegalStateException("sandbox 'bwrap' is not usable: " + why); });
        return new BwrapSandbox(limits, concurrency);
    }

    /** Runs {@code /bin/true} in a sandbox once per JVM; holds why that failed, if it did. */
    private static final class Probe {
        static final Optional<String> RESULT = probe();

        private static Optional<String> probe() {
            if (Interpreters.find("bwrap").isEmpty()) return Optional.of("bwrap not found in " + ProcessSandbox.PATH + "; " + INSTALL);
            if (BwrapSandbox.isRoot() && Interpreters.find("setpriv").isEmpty()) {
                return Optional.of("running as root needs setpriv to drop to nobody; install util-linux");
            }
            var command = new ArrayList<>(BwrapSandbox.base());
            command.addAll(java.util.List.of("--", "/bin/true"));
            try {
                var builder = new ProcessBuilder(command).redirectErrorStream(true);
                builder.environment().clear();
                builder.environment().put("PATH", ProcessSandbox.PATH);
                var process = builder.start();
                var output = process.getInputStream().readNBytes(4096); // the probe prints at most an error line
                if (!process.waitFor(10, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                    return Optional.of("bwrap did not finish a trivial run within 10 s");
                }
                if (process.exitValue() != 0) {
                    return Optional.of("bwrap cannot create namespaces here (exit " + process.exitValue() + ": "
                            + new String(output, java.nio.charset.StandardCharsets.UTF_8).strip()
                            + "); allow unprivileged user namespaces (sysctl kernel.unprivileged_userns_clone=1,"
                            + " or on Ubuntu kernel.apparmor_restrict_unprivileged_userns=0) or run in a VM");
                }
                return Optional.empty();
            } catch (java.io.IOException e) {
                return Optional.of("could not run bwrap: " + e.getMessage() + "; " + INSTALL);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return Optional.of("interrupted while probing bwrap");
            }
        }
    }
}
