package ai.lyceum.eval;

import static org.assertj.core.api.Assertions.assertThat;

import ai.lyceum.env.Role;
import ai.lyceum.env.SingleTurnEnvironment;
import ai.lyceum.env.guide.GuidedEnvironment;
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

    @Test
    void eachRoleIsPlayedByItsOwnPolicyAndRecordedUnderItsName() throws Exception {
        var base = spec(2, new Answering(new CopyOnWriteArrayList<>()), Sampling.DEFAULT);
        var guided = new GuidedEnvironment(base.environment(), java.util.Map.of(), Sampling.DEFAULT, 200);
        Policy teacher = new Policy() {
            public String describe() { return "teacher"; }

            public Completion generate(GenerationRequest request) { return Completion.ofText("add one to the number"); }
        };
        var student = new Answering(new CopyOnWriteArrayList<>());
        var spec = new Evaluation.Spec(guided, "inline", student, 1, 2, 0, 0, Duration.ofSeconds(30), false, false, 1.0,
                Sampling.DEFAULT, "assistant=answering, teacher=teacher", java.util.Map.of(Role.TEACHER, teacher));
        assertThat(spec.policies()).containsEntry(Role.ASSISTANT, student).containsEntry(Role.TEACHER, teacher);

        var result = Evaluation.run(spec, dir, r -> {}, e -> {});
        assertThat(result.summary().rollouts()).isEqualTo(2);
        try (var store = ai.lyceum.run.RunStore.openReadOnly(dir)) {
            var turns = new ObjectMapper().readTree(store.rollouts().getFirst().trajectoryJson());
            assertThat(turns.toString()).contains("\"role\":\"teacher\"").contains("add one to the number")
                    .contains("\"role\":\"assistant\"");
        }
    }

    @Test
    void aPolicyForARoleTheEnvironmentLacksIsRefused() {
        var base = spec(1, new Answering(new CopyOnWriteArrayList<>()), Sampling.DEFAULT);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new Evaluation.Spec(base.environment(), "inline",
                        base.policy(), 1, 1, 0, 0, Duration.ofSeconds(1), false, false, 1.0, Sampling.DEFAULT, "x",
                        java.util.Map.of("referee", base.policy())))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no role referee")
                .hasMessageContaining("assistant");
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
