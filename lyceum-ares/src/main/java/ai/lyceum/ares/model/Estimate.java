package ai.lyceum.ares.model;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a record component as estimated by a model (a VLM) rather than read from the data. The schema turns each
 * into one prompt line and validates the model's reply against {@link #pattern}, {@link #min} and {@link #max}.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.RECORD_COMPONENT)
public @interface Estimate {
    /** Every enumeration also allows these, as ARES does. */
    String EXTRA_CHOICES = "|other|unknown";

    String description();

    /** A regular expression the (string) value must match in full; empty for free text. */
    String pattern() default "";

    double min() default Double.NEGATIVE_INFINITY;

    double max() default Double.POSITIVE_INFINITY;

    /** Lower-case the reply before validating (surface, background, lighting). */
    boolean lowerCase() default false;
}
