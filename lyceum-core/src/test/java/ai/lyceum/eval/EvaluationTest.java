package ai.lyceum.eval;

import static org.assertj.core.api.Assertions.assertThat;

import ai.lyceum.env.SingleTurnEnvironment;
import ai.lyceum.policy.Completion;
import ai.lyceum.policy.GenerationRequest;
import ai.lyceum.policy.Policy;
import ai.lyceum.policy.Sampling;
import ai.lyceum.reward.math.MathAnswerReward;
import ai.lyceum.rollout.Rollout;
import ai.lyceum.rollout.RolloutEngine;
import ai.lyceum.task.Task;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EvaluationTest {
    @TempDir
    Path dir;

    @Test
    void anInterruptedRunIsMarkedPartialWithWhatWasPlanned() throws Exception {
        var engine = new AtomicReference<RolloutEngine>();
        var finished = new AtomicInteger();
        var listener = new RolloutEngine.Listener() {
            @Override
            public void finished(Rollout rollout) {
                if (finished.incrementAndGet() == 8) engine.get().cancel();
            }
        };
        var result = Evaluation.run(spec(40, new Answering(new CopyOnWriteArrayList<>()), Sampling.DEFAULT), dir, listener, engine::set);
        assertThat(result.report().cancelled()).isTrue();
        var summary = new ObjectMapper().readTree(result.summaryFile().toFile());
        assertThat(summary.get("partial").asBoolean()).isTrue();
        assertThat(summary.get("tasks_planned").asInt()).isEqualTo(40);
        assertThat(summary.get("rollouts_planned").asInt()).isEqualTo(40);
        assertThat(summary.get("tasks").asInt()).isLessThan(40);
    }

    @Test
    void theUsersSamplingSettingsReplaceTheEnvironmentsAtEveryTurn() throws Exception {
        var seen = new CopyOnWriteArrayList<Sampling>();
        var sampling = Sampling.DEFAULT.withTemperature(0).withTopP(0.5).withMaxTokens(7);
        Evaluation.run(spec(3, new Answering(seen), sampling), dir, r -> {}, e -> {});
        assertThat(seen).hasSize(3).allSatisfy(s -> {
            assertThat(s.temperature()).contains(0.0);
            assertThat(s.topP()).contains(0.5);
            assertThat(s.maxTokens()).hasValue(7); // the environment asked for 4096
        });
    }

    private static Evaluation.Spec spec(int n, Policy policy, Sampling sampling) {
        var tasks = new ArrayList<Task>();
        for (int i = 0; i < n; i++) tasks.add(Task.of("t" + i, "What is " + i + " + 1?", "#### " + (i + 1)));
        var env = new SingleTurnEnvironment("add", () -> tasks, new MathAnswerReward(Duration.ofSeconds(1)),
                Sampling.DEFAULT.withTemperature(1).withMaxTokens(4096));
        return new Evaluation.Spec(env, "inline", policy, 1, 2, 0, 0, Duration.ofSeconds(30), false, false, 1.0,
                sampling, policy.describe());
    }

    /** Answers after a short pause, noting the sampling settings each request carried. */
    private record Answering(List<Sampling> seen) implements Policy {
        public String describe() { return "answering"; }

        public Completion generate(GenerationRequest request) throws InterruptedException {
            seen.add(request.sampling());
            Thread.sleep(5);
            return Completion.ofText("#### 1");
        }
    }
}
