/**
 * Annotators fill fields of stored rollouts and record provenance: model-free trajectory statistics and success, and
 * the schema's {@code _estimate} fields from a vision-language model shown sampled frames
 * ({@link ai.lyceum.ares.annotate.VlmAnnotator}, frames from a {@link ai.lyceum.ares.annotate.FrameSource}); run over
 * a filtered selection by {@link ai.lyceum.ares.annotate.AnnotationRun}, which counts failures and skips apart.
 */
package ai.lyceum.ares.annotate;
