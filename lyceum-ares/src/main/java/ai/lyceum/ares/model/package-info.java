/**
 * The ARES data model: a {@link ai.lyceum.ares.model.Rollout} (robot, environment, task, trajectory, statistics) and
 * the {@link ai.lyceum.ares.model.Schema} that flattens it to SQL columns, generates VLM prompts from the
 * {@link ai.lyceum.ares.model.Estimate} annotations and validates replies. Adding a component to a record adds a
 * nullable column to existing stores on open; nothing is ever dropped or renamed.
 */
package ai.lyceum.ares.model;
