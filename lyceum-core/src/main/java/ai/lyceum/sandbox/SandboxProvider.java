package ai.lyceum.sandbox;

import java.util.Optional;
import java.util.ServiceLoader;

/**
 * One way to isolate untrusted code; one implementation per technology, listed in
 * {@code META-INF/services/ai.lyceum.sandbox.SandboxProvider}. Built in: {@code bwrap} (the default) and
 * {@code none} (no isolation; trusted code only).
 */
public interface SandboxProvider {
    /** The default provider's name. */
    String DEFAULT = "bwrap";

    /** What {@code --sandbox=<name>} selects. */
    String name();

    /** A cheap probe, cached after the first call; never throws. */
    boolean isAvailable();

    /** Why {@link #isAvailable()} is false and how to fix it; empty when available. */
    Optional<String> unavailableReason();

    /** A sandbox running at most {@code concurrency} programs at once. */
    Sandbox open(SandboxLimits limits, int concurrency);

    /** A sandbox running at most one program per available core at once. */
    default Sandbox open(SandboxLimits limits) { return open(limits, Runtime.getRuntime().availableProcessors()); }

    /** The installed, available provider called {@code wanted}; the exception names the fix otherwise. */
    static SandboxProvider named(String wanted) {
        var all = ServiceLoader.load(SandboxProvider.class).stream().map(ServiceLoader.Provider::get).toList();
        var match = all.stream().filter(p -> p.name().equals(wanted)).findFirst().orElseThrow(() ->
                new IllegalStateException("no sandbox provider '" + wanted + "'; installed: "
                        + all.stream().map(SandboxProvider::name).toList()));
        if (!match.isAvailable()) {
            throw new IllegalStateException("sandbox '" + wanted + "' is not usable: "
                    + match.unavailableReason().orElse("its probe failed"));
        }
        return match;
    }
}
