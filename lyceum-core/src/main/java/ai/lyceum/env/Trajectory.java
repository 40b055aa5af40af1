package ai.lyceum.env;

import ai.lyceum.policy.Completion;
import ai.lyceum.task.Message;
import ai.lyceum.task.Task;
import java.util.List;
import java.util.Optional;

/** Everything that happened in one episode, turn by turn, each turn attributed to the role that acted. */
public record Trajectory(Task task, List<Turn> turns) {
    public Trajectory {
        turns = List.copyOf(turns);
    }

    /** One action: the role, what it saw and what it produced. */
    public record Turn(String role, List<Message> observation, Completion completion) {
        public Turn {
            observation = List.copyOf(observation);
        }
    }

    /** The last completion the given role produced, if it acted at all. */
    public Optional<Completion> lastBy(String role) {
        for (int i = turns.size() - 1; i >= 0; i--) {
            if (turns.get(i).role().equals(role)) return Optional.of(turns.get(i).completion());
        }
        return Optional.empty();
    }
}
