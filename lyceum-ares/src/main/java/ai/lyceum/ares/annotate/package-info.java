/**
 * Annotators fill fields of stored rollouts and record provenance: model-free trajectory statistics and success,
 * run over a filtered selection by {@link ai.lyceum.ares.annotate.AnnotationRun}.
 */
package ai.lyceum.ares.annotate;
