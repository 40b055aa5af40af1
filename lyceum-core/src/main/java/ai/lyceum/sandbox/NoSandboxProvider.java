package ai.lyceum.sandbox;

import java.util.Optional;

/**
 * {@code --sandbox=none}: runs code unisolated (see {@link NoSandbox}). <strong>Unsafe</strong> for untrusted code;
 * logs a warning whenever a sandbox is opened so the choice is never silent.
 */
public final class NoSandboxProvider implements SandboxProvider {
    public static final String NAME = "none";

    @Override
    public String name() { return NAME; }

    @Override
    public boolean isAvailable() { return true; }

    @Override
    public Optional<String> unavailableReason() { return Optional.empty(); }

    @Override
    public Sandbox open(SandboxLimits limits, int concurrency) {
        org.slf4j.LoggerFactory.getLogger(NoSandboxProvider.class).warn(
                "sandbox 'none': code runs WITHOUT isolation (network, files and secrets of this user are reachable);"
                        + " use it for trusted code only");
        return new NoSandbox(limits, concurrency);
    }
}
