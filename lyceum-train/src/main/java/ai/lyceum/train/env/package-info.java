/**
 * Procedural training environments: seeded generators of verifiable tasks at a set difficulty (a letter
 * cipher, column addition with a scratchpad, Countdown), each with a reference solution a teacher derives
 * guidance from, an exact reward, and an easier warm-start corpus for supervised training. They are found by
 * name in {@link ai.lyceum.train.env.ProceduralEnvironments}.
 */
package ai.lyceum.train.env;
