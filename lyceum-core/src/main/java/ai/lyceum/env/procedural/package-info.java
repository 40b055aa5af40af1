/**
 * Procedural training environments: seeded generators of verifiable tasks at a set difficulty (a letter
 * cipher, column addition with a scratchpad, Countdown, constrained writing), each with a reference solution a
 * teacher derives guidance from, a warm-start corpus for supervised training, and a reward: the exact answer,
 * or for {@code rubric-writing} a checklist score through the core rubric reward, so partial credit trains like
 * any other reward. {@link ai.lyceum.env.procedural.ProceduralEnvironments} names them for the CLI,
 * with {@code guess-number}, a multi-turn game whose reward is replayed from the guesses.
 */
package ai.lyceum.env.procedural;
