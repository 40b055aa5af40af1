/**
 * Procedural training environments: seeded generators of verifiable tasks, each with a reference solution a
 * teacher can turn into guidance and a warm-start corpus for supervised fine-tuning. {@code cipher} rewards the
 * exact answer; {@code rubric-writing} rewards a checklist score through the core rubric reward, so partial
 * credit trains like any other reward. {@link ai.lyceum.train.env.ProceduralEnvironments} names them for the CLI.
 */
package ai.lyceum.train.env;
