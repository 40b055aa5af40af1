package ai.lyceum.train.guide;

import ai.lyceum.task.Task;
import ai.lyceum.train.env.ProceduralEnvironment;
import java.util.List;
import java.util.Optional;

/** The programmatic teacher: guidance derived from the task's reference solution by its environment. */
public final class ReferenceTeacher implements Teacher {
    private final ProceduralEnvironment environment;

    public ReferenceTeacher(ProceduralEnvironment environment) { this.environment = environment; }

    @Override
    public String describe() { return "reference:" + environment.name(); }

    @Override
    public Optional<String> guidance(Task task, List<String> failedAttempts) {
        return Optional.of(environment.hint(task));
    }
}
