package ai.lyceum.env.procedural;

import ai.lyceum.env.EnvironmentProvider;
import java.util.List;
import java.util.function.IntFunction;

/** The procedural environments, each at the chosen {@code --difficulty} or its default; they read no tasks file. */
public final class ProceduralEnvironments implements EnvironmentProvider {
    @Override
    public List<Spec> environments() {
        return List.of(
                procedural(CipherEnvironment.NAME, 3, "a secret letter substitution on 8-letter words; exact answer;"
                        + " hint: the answer's rare letters", d -> new CipherEnvironment(2026, d, 0.01, 0.25, 512)),
                procedural(ArithmeticEnvironment.NAME, 3, "column addition with a carry scratchpad; exact sum; hint: the"
                        + " carries", d -> new ArithmeticEnvironment(2026, d, 512)),
                procedural(CountdownEnvironment.NAME, 3, "reach a target with + - * / over given numbers; exact judge;"
                        + " hint: the first operation", CountdownEnvironment::of),
                procedural(RubricWritingEnvironment.NAME, 3, "constrained writing scored by a programmatic checklist rubric"
                        + " (partial credit); hint: a valid answer", d -> new RubricWritingEnvironment(d, 0.4, 512)),
                // Multi-turn, so not a ProceduralEnvironment (whose episodes are one answer): no hint or warm-start corpus.
                new Spec(GuessNumberEnvironment.NAME, "multi-turn: find a secret in 1..2^d-1 in d guesses, told higher or"
                        + " lower after each; reward replayed from the guesses (difficulty d = "
                        + GuessNumberEnvironment.DEFAULT_DIFFICULTY + " bits by default)", (tasksFile, options) -> {
                    if (tasksFile.isPresent()) {
                        throw new IllegalArgumentException("environment '" + GuessNumberEnvironment.NAME
                                + "' generates its tasks; it takes no --tasks file");
                    }
                    return GuessNumberEnvironment.of(options.difficulty());
                }));
    }

    private static Spec procedural(String name, int defaultDifficulty, String description,
            IntFunction<ProceduralEnvironment> factory) {
        return new Spec(name, description + " (difficulty " + defaultDifficulty + " by default)", (tasksFile, options) -> {
            if (tasksFile.isPresent()) {
                throw new IllegalArgumentException("environment '" + name + "' generates its tasks; it takes no --tasks file");
            }
            return factory.apply(options.difficulty().orElse(defaultDifficulty));
        });
    }
}
