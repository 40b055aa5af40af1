package ai.lyceum.reward.rubric;

import static org.assertj.core.api.Assertions.assertThat;

import ai.lyceum.env.Role;
import ai.lyceum.env.Step;
import ai.lyceum.env.Trajectory;
import ai.lyceum.policy.Completion;
import ai.lyceum.reward.judge.ReplayJudge;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RubricEnvironmentTest {
    @TempDir
    Path dir;

    @Test
    void posesTheTaskAndScoresTheAnswerWithTheRubricFromMetadata() throws Exception {
        var file = Files.writeString(dir.resolve("tasks.jsonl"), """
                {"id": "t1", "prompt": "What is 1/2 as a decimal?", "reference_answer": "0.5", "rubric": [{"title": "Answer", "description": "Essential Criteria: Gives 0.5.", "weight": 5, "check": {"type": "math", "answer": "0.5"}}, {"title": "Reasoning", "description": "Important Criteria: Shows the division.", "weight": 3}], "verdicts": [null, "partially_satisfied"]}
                """);
        var scorer = new RubricScorer(ReplayJudge.fromInputs(), Aggregation.explicit(Grading.TERNARY), RubricWeighting.DATA_INTEGER);
        var env = RubricEnvironment.create(file, scorer);
        assertThat(env.name()).isEqualTo("rubric:tasks.jsonl");
        var task = env.tasks().getFirst();
        assertThat(task.metadata()).containsKey(RubricJson.METADATA_KEY);
        var episode = env.start(task);
        var act = (Step.Act) episode.begin();
        assertThat(act.messages().getFirst().content()).isEqualTo("What is 1/2 as a decimal?");
        var completion = Completion.ofText("1 divided by 2 is \\boxed{0.5}");
        assertThat(episode.advance(completion)).isInstanceOf(Step.Done.class);
        var trajectory = new Trajectory(task, List.of(new Trajectory.Turn(Role.ASSISTANT, act.messages(), completion)));
        var result = episode.score(trajectory).get(Role.ASSISTANT);
        assertThat(result.failure()).isEmpty();
        assertThat(result.value()).isEqualTo((5 + 1.5) / 8);
    }

    @Test
    void aTaskWithoutARubricIsATypedFailureNotAZero() {
        var task = ai.lyceum.task.Task.of("t", "q", "r");
        var reward = new RubricReward(ReplayJudge.fromInputs(), Aggregation.explicit(Grading.BINARY), RubricWeighting.DATA_INTEGER);
        var result = reward.score(new Trajectory(task, List.of()));
        assertThat(result.failure()).isPresent();
        assertThat(result.failure().get().detail()).contains("no 'rubric'");
    }
}
