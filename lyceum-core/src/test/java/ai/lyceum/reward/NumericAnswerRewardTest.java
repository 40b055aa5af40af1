package ai.lyceum.reward;

import static org.assertj.core.api.Assertions.assertThat;

import ai.lyceum.env.Role;
import ai.lyceum.env.Trajectory;
import ai.lyceum.failure.Failure;
import ai.lyceum.policy.Completion;
import ai.lyceum.task.Message;
import ai.lyceum.task.Task;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class NumericAnswerRewardTest {
    private final NumericAnswerReward reward = new NumericAnswerReward();

    @Test
    void acceptsTheNumberAfterTheLastMarkerIgnoringSeparators() {
        assertThat(score("Natalia sold 48 clips... #### 1,000", "so 500 + 500\n#### 1000.00")).isEqualTo(1.0);
    }

    @Test
    void fallsBackToTheLastNumberWithoutAMarker() {
        assertThat(score("#### 72", "She sold 48 then 24, total 72.")).isEqualTo(1.0);
        assertThat(score("#### 72", "She sold 72 then 24 more.")).isEqualTo(0.0);
    }

    @Test
    void takesTheFirstNumberAfterTheMarkerNotAnyLaterOne() {
        assertThat(score("#### 5", "#### 5 (because 2 + 3)")).isEqualTo(1.0);
    }

    @Test
    void scoresNegativeAndDecimalAnswers() {
        assertThat(score("#### -3.5", "#### -3.50")).isEqualTo(1.0);
        assertThat(score("#### -3.5", "#### 3.5")).isEqualTo(0.0);
    }

    @Test
    void anAnswerWithoutNumbersScoresZeroAndSaysWhatItExtracted() {
        var result = reward.score(trajectory("#### 7", "I don't know"));
        assertThat(result.value()).isZero();
        assertThat(result.failure()).isEmpty();
        assertThat(result.diagnostics()).containsEntry("extracted", "").containsEntry("gold", "7");
    }

    @Test
    void aReferenceWithoutANumberIsATypedFailureNotAZero() {
        var result = reward.score(trajectory("no number here", "#### 7"));
        assertThat(result.failure()).containsInstanceOf(Failure.RewardError.class);
    }

    private double score(String reference, String answer) { return reward.score(trajectory(reference, answer)).value(); }

    private static Trajectory trajectory(String reference, String answer) {
        var task = new Task("t", List.of(Message.user("q")), Optional.of(reference), Map.of());
        return new Trajectory(task, List.of(new Trajectory.Turn(Role.ASSISTANT, task.prompt(), Completion.ofText(answer))));
    }
}
