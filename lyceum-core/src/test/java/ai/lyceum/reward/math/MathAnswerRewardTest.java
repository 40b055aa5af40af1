package ai.lyceum.reward.math;

import static org.assertj.core.api.Assertions.assertThat;

import ai.lyceum.env.Role;
import ai.lyceum.env.Trajectory;
import ai.lyceum.failure.Failure;
import ai.lyceum.policy.Completion;
import ai.lyceum.task.Task;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class MathAnswerRewardTest {
    private final MathAnswerReward reward = new MathAnswerReward(Duration.ofSeconds(2));

    private static Trajectory answering(String response, String reference) {
        var task = Task.of("t1", "What is half of one?", reference);
        return new Trajectory(task, List.of(new Trajectory.Turn(Role.ASSISTANT, task.prompt(), Completion.ofText(response))));
    }

    @Test
    void acceptsAnEquivalentFraction() {
        var result = reward.score(answering("\\boxed{1/2}", "0.5"));
        assertThat(result.value()).isEqualTo(1.0);
        assertThat(result.diagnostics()).containsEntry("gold", "0.5").containsEntry("prediction", "1/2");
    }

    @Test
    void extractsTheGoldFromAFullSolution() {
        assertThat(reward.score(answering("It is $\\boxed{42}$.", "Add them up: $40+2=\\boxed{42}$.")).value()).isEqualTo(1.0);
        assertThat(reward.score(answering("The answer is 72.", "48/2 = 24 and 24*3 = 72\n#### 72")).value()).isEqualTo(1.0);
    }

    @Test
    void scoresAWrongAnswerZeroWithoutAFailure() {
        var result = reward.score(answering("\\boxed{3}", "2"));
        assertThat(result.value()).isZero();
        assertThat(result.failure()).isEmpty();
    }

    @Test
    void reportsAnUnclosedBoxAsUnparseableRatherThanZero() {
        var result = reward.score(answering("\\boxed{1/2", "0.5"));
        assertThat(result.failure()).containsInstanceOf(Failure.Unparseable.class);
    }

    @Test
    void reportsATaskWithoutAnAssistantTurnAsUnparseable() {
        var task = Task.of("t2", "q", "1");
        assertThat(reward.score(new Trajectory(task, List.of())).failure()).containsInstanceOf(Failure.Unparseable.class);
    }

    @Test
    void reportsAHostileAnswerAsATimeoutOrUnparseableNeverACrash() {
        var tight = new MathAnswerReward(Duration.ofMillis(5));
        var result = tight.score(answering("\\boxed{" + "x+".repeat(2_000) + "(9999!)!}", "1"));
        assertThat(result.failure().map(Failure::type)).isPresent().get().isIn("timeout", "parse");
    }
}
