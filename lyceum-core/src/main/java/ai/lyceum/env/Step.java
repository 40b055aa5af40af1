package ai.lyceum.env;

import ai.lyceum.policy.Sampling;
import ai.lyceum.task.Message;
import java.util.List;
import java.util.Objects;

/** What an episode wants next. */
public sealed interface Step {
    /** The policy playing {@code role} should answer {@code messages}. */
    record Act(String role, List<Message> messages, Sampling sampling) implements Step {
        public Act {
            Objects.requireNonNull(role, "role");
            messages = List.copyOf(messages);
            Objects.requireNonNull(sampling, "sampling");
        }
    }

    /** The episode is over. */
    record Done() implements Step {}

    Step DONE = new Done();
}
