package ai.lyceum.sandbox;

import java.nio.file.Path;
import java.util.List;

/**
 * <strong>No isolation.</strong> Runs the program as the JVM's own user, with the network, the whole file system
 * and every secret that user can reach. Only the rlimits, the deadline, the output cap and an empty environment
 * apply; when the JVM is root even the process limit is void. For trusted code (gold solutions, tests of the
 * harness) on hosts without bubblewrap; never for model output.
 */
final class NoSandbox extends ProcessSandbox {
    NoSandbox(SandboxLimits limits, int concurrency) {
        super(limits, concurrency);
    }

    @Override
    public String provider() { return NoSandboxProvider.NAME; }

    @Override
    List<String> wrap(List<String> program, Path hostDir, ExecSpec spec, SandboxLimits limits) { return program; }
}
