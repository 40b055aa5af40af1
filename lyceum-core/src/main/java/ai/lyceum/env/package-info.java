/**
 * The environment SPI: {@link ai.lyceum.env.Environment} poses tasks, {@link ai.lyceum.env.Episode} runs the turn
 * order (one role or many), and the engine records a {@link ai.lyceum.env.Trajectory}. Built-in environments live in
 * sub-packages named after them and are registered in {@link ai.lyceum.env.Environments}.
 */
package ai.lyceum.env;
