/**
 * Running untrusted code: a {@link ai.lyceum.sandbox.Sandbox} runs an {@link ai.lyceum.sandbox.ExecSpec} (a
 * language, its source files, stdin) under {@link ai.lyceum.sandbox.SandboxLimits} and returns an
 * {@link ai.lyceum.sandbox.ExecResult} whose {@link ai.lyceum.sandbox.ExecResult.Outcome} says how it ended.
 * Implementations are found through the {@link ai.lyceum.sandbox.SandboxProvider} service-loader SPI: {@code bwrap}
 * (bubblewrap namespaces plus rlimits, the default) and {@code none} (no isolation, for trusted code only).
 */
package ai.lyceum.sandbox;
