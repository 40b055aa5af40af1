package ai.lyceum.env.feedback;

import static org.assertj.core.api.Assertions.assertThat;

import ai.lyceum.env.Role;
import ai.lyceum.env.code.CodeEnvironments;
import ai.lyceum.env.feedback.FeedbackEnvironment.RetryContext;
import ai.lyceum.policy.Completion;
import ai.lyceum.policy.GenerationRequest;
import ai.lyceum.policy.Policy;
import ai.lyceum.policy.Sampling;
import ai.lyceum.rollout.RolloutEngine;
import ai.lyceum.run.RunStore;
import ai.lyceum.sandbox.SandboxLimits;
import ai.lyceum.sandbox.SandboxProvider;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An MBPP feedback episode in the real sandbox: the teacher's error feedback is the failing tests' output. */
class CodeFeedbackEpisodeTest {
    @TempDir
    Path dir;

    @Test
    void theTestOutputOfAFailedAttemptIsTheFeedbackAndTheRetryIsScoredAgain() throws Exception {
        var root = System.getProperty("lyceum.root");
        var project = root != null ? Path.of(root) : Path.of("").toAbsolutePath().getParent();
        try (var sandbox = SandboxProvider.named("bwrap").open(SandboxLimits.DEFAULT);
             var mbpp = CodeEnvironments.mbpp(project.resolve("../shared/data/mbpp/mbpp_sanitized_427.jsonl").normalize(), sandbox);
             var store = RunStore.open(dir)) {
            var task = mbpp.tasks().getFirst();
            String gold = task.reference().orElseThrow();
            // A wrong first answer: the right function name, a constant result.
            String name = gold.substring(gold.indexOf("def ") + 4, gold.indexOf('(', gold.indexOf("def ")));
            String wrong = "```python\ndef " + name + "(*args):\n    return None\n```";
            Policy student = new Policy() {
                @Override
                public String describe() { return "scripted"; }

                @Override
                public Completion generate(GenerationRequest r) {
                    return Completion.ofText(r.messages().getLast().content().startsWith("Feedback from a teacher") ? gold : wrong);
                }
            };
            var env = new FeedbackEnvironment(mbpp, 2, GuidanceKind.ERROR, RetryContext.CONVERSATION, Sampling.DEFAULT, 4000, false);
            var rollout = new RolloutEngine(env, Map.of(Role.ASSISTANT, student, Role.TEACHER, new VerifierTeacher()),
                    store.scope("mbpp"), new RolloutEngine.Options(1, 1, 1, Duration.ofMinutes(2))).collect(List.of(task), r -> {}).getFirst();
            assertThat(rollout.failure()).isEmpty();
            String feedback = rollout.trajectory().turns().get(1).completion().text();
            assertThat(feedback).startsWith("Your last answer was wrong:").contains("test 1: assert").contains("error: TypeError");
            assertThat(feedback).doesNotContain(gold.strip());
            assertThat(FeedbackEnvironment.attemptRewards(rollout.rewards().get(Role.ASSISTANT))).containsExactly(0, 1);
            assertThat(rollout.rewards().get(Role.TEACHER).value()).isEqualTo(1);
        }
    }
}
