/**
 * The environment SPI: {@link ai.lyceum.env.Environment} poses tasks, {@link ai.lyceum.env.Episode} runs the turn
 * order (one role or many), and the engine records a {@link ai.lyceum.env.Trajectory}. Built-in environments live in
 * sub-packages named after them and are found through {@link ai.lyceum.env.Environments}, the one registry ({@link ai.lyceum.env.EnvironmentProvider}s on the class path).
 */
package ai.lyceum.env;
