package ai.lyceum.rollout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.lyceum.dataset.DatasetException;
import ai.lyceum.env.Environment;
import ai.lyceum.env.Episode;
import ai.lyceum.env.Role;
import ai.lyceum.env.SingleTurnEnvironment;
import ai.lyceum.env.Step;
import ai.lyceum.env.Trajectory;
import ai.lyceum.failure.Failure;
import ai.lyceum.failure.FailureException;
import ai.lyceum.policy.Completion;
import ai.lyceum.policy.GenerationRequest;
import ai.lyceum.policy.Policy;
import ai.lyceum.policy.Sampling;
import ai.lyceum.policy.gold.GoldPolicy;
import ai.lyceum.reward.math.MathAnswerReward;
import ai.lyceum.reward.RewardResult;
import ai.lyceum.run.RunStore;
import ai.lyceum.task.Message;
import ai.lyceum.task.Task;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RolloutEngineTest {
    @TempDir
    Path dir;

    @Test
    void recordsEverySampleOfEveryTask() throws Exception {
        var env = arithmetic(20);
        try (var store = RunStore.open(dir)) {
            var report = engine(env, new GoldPolicy(), store, 3, 8).run(env.tasks(), false, r -> {});
            assertThat(report).isEqualTo(new RolloutEngine.Report(60, 0, 60, false));
            store.flush();
            assertThat(store.rollouts()).hasSize(60).allSatisfy(r -> assertThat(r.reward()).contains(1.0));
        }
    }

    @Test
    void resumeRunsOnlyWhatIsMissingAndCanRetryFailures() throws Exception {
        var env = arithmetic(10);
        var calls = new AtomicInteger();
        Policy flaky = new CountingPolicy(calls, request -> {
            if (request.task().id().equals("add-3")) throw new FailureException(new Failure.HttpStatus(500, ""));
            return Completion.ofText(request.task().reference().orElseThrow());
        });
        try (var store = RunStore.open(dir)) {
            engine(env, flaky, store, 2, 4).run(env.tasks().subList(0, 5), false, r -> {});
            assertThat(calls.get()).isEqualTo(10);
            var report = engine(env, flaky, store, 2, 4).run(env.tasks(), false, r -> {});
            assertThat(report.skipped()).isEqualTo(10);
            assertThat(calls.get()).isEqualTo(20);
            var retry = engine(env, new GoldPolicy(), store, 2, 4).run(env.tasks(), true, r -> {});
            assertThat(retry.planned()).isEqualTo(2); // only add-3's two failed samples
            store.flush();
            assertThat(store.rollouts()).hasSize(20).allSatisfy(r -> assertThat(r.failureType()).isEmpty());
        }
    }

    @Test
    void everyKindOfFailureIsRecordedWithItsType() throws Exception {
        var tasks = List.of(Task.of("env", "q", "1"), Task.of("policy", "q", "1"), Task.of("crash", "q", "1"),
                Task.of("reward", "q", "1"));
        Environment env = new SingleTurnEnvironment("failing", () -> tasks, trajectory -> {
            if (trajectory.task().id().equals("reward")) throw new IllegalStateException("scorer bug");
            return RewardResult.of(1, Map.of());
        }, Sampling.DEFAULT);
        Environment wrapped = new Environment() {
            public String name() { return "failing"; }
            public List<Task> tasks() throws DatasetException { return env.tasks(); }
            public Episode start(Task task) {
                if (task.id().equals("env")) throw new IllegalArgumentException("bad task");
                return env.start(task);
            }
        };
        Policy policy = new CountingPolicy(new AtomicInteger(), request -> switch (request.task().id()) {
            case "policy" -> throw new FailureException(new Failure.Unparseable("{oops"));
            case "crash" -> throw new IllegalStateException("client bug");
            default -> Completion.ofText("1");
        });
        try (var store = RunStore.open(dir)) {
            engine(wrapped, policy, store, 1, 4).run(wrapped.tasks(), false, r -> {});
            store.flush();
            var types = new java.util.TreeMap<String, String>();
            store.rollouts().forEach(r -> types.put(r.taskId(), r.failureType().orElse("none")));
            assertThat(types).containsExactlyEntriesOf(new java.util.TreeMap<>(Map.of("env", "environment_error",
                    "policy", "parse", "crash", "policy_error", "reward", "reward_error")));
        }
    }

    @Test
    void aPolicyThatHangsIsCutOffAtTheRolloutDeadline() throws Exception {
        var env = arithmetic(2);
        Policy hangs = new CountingPolicy(new AtomicInteger(), request -> {
            Thread.sleep(60_000);
            return Completion.ofText("never");
        });
        try (var store = RunStore.open(dir)) {
            var options = new RolloutEngine.Options(1, 2, 0, Duration.ofMillis(200));
            new RolloutEngine(env, Map.of(Role.ASSISTANT, hangs), store, options).run(env.tasks(), false, r -> {});
            store.flush();
            assertThat(store.rollouts()).hasSize(2).allSatisfy(r -> assertThat(r.failureType()).contains("timeout"));
        }
    }

    @Test
    void neverRunsMoreRolloutsAtOnceThanItsConcurrency() throws Exception {
        var env = arithmetic(50);
        var inFlight = new AtomicInteger();
        var peak = new AtomicInteger();
        Policy slow = new CountingPolicy(new AtomicInteger(), request -> {
            peak.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
            Thread.sleep(5);
            inFlight.decrementAndGet();
            return Completion.ofText(request.task().reference().orElseThrow());
        });
        try (var store = RunStore.open(dir)) {
            engine(env, slow, store, 1, 7).run(env.tasks(), false, r -> {});
        }
        assertThat(peak.get()).isLessThanOrEqualTo(7).isGreaterThan(1);
    }

    @Test
    void cancellingKeepsEveryFinishedRolloutAndResumeFinishesTheRest() throws Exception {
        var env = arithmetic(200);
        var calls = new ConcurrentHashMap<String, AtomicInteger>();
        Policy slow = new CountingPolicy(new AtomicInteger(), request -> {
            calls.computeIfAbsent(request.task().id(), k -> new AtomicInteger()).incrementAndGet();
            Thread.sleep(20);
            return Completion.ofText(request.task().reference().orElseThrow());
        });
        try (var store = RunStore.open(dir)) {
            var engine = engine(env, slow, store, 1, 8);
            var seen = new AtomicInteger();
            var report = engine.run(env.tasks(), false, r -> {
                if (seen.incrementAndGet() == 30) engine.cancel();
            });
            assertThat(report.cancelled()).isTrue();
            store.flush();
            int recorded = store.rollouts().size();
            assertThat(recorded).isEqualTo(report.recorded()).isBetween(30, 199);
            var finishedFirst = store.finished(true);
            engine(env, slow, store, 1, 8).run(env.tasks(), false, r -> {});
            store.flush();
            assertThat(store.rollouts()).hasSize(200).allSatisfy(r -> assertThat(r.reward()).contains(1.0));
            // a rollout recorded before the cancel was never asked for again
            finishedFirst.forEach(key -> assertThat(calls.get(key.taskId()).get()).isEqualTo(1));
        }
    }

    @Test
    void aMultiAgentEpisodeAttributesTurnsAndRewardsToEachRole() throws Exception {
        var task = Task.of("duo", "Add 2 and 3.", "5");
        Environment duo = new Environment() {
            public String name() { return "duo"; }
            public List<String> roles() { return List.of("student", Role.TEACHER); }
            public List<Task> tasks() { return List.of(task); }
            public Episode start(Task t) {
                return new Episode() {
                    final List<String> said = new ArrayList<>();
                    public Step begin() { return new Step.Act(Role.TEACHER, List.of(Message.user("give a hint")), Sampling.DEFAULT); }
                    public Step advance(Completion c) {
                        said.add(c.text());
                        return said.size() == 1
                                ? new Step.Act("student", List.of(Message.user(t.prompt().getFirst().content() + " Hint: " + c.text())), Sampling.DEFAULT)
                                : Step.DONE;
                    }
                    public Map<String, RewardResult> score(Trajectory trajectory) {
                        double solved = new MathAnswerReward(Duration.ofSeconds(1)).score(new Trajectory(t,
                                List.of(new Trajectory.Turn(Role.ASSISTANT, List.of(), trajectory.lastBy("student").orElseThrow())))).value();
                        return Map.of("student", RewardResult.of(solved, Map.of()), Role.TEACHER, RewardResult.of(solved / 2, Map.of()));
                    }
                };
            }
        };
        Policy teacher = new CountingPolicy(new AtomicInteger(), r -> Completion.ofText("add them"));
        Policy student = new CountingPolicy(new AtomicInteger(), r -> Completion.ofText(
                r.messages().getFirst().content().contains("Hint") ? "5" : "?"));
        var recorded = new ArrayList<Rollout>();
        try (var store = RunStore.open(dir)) {
            new RolloutEngine(duo, Map.of("student", student, Role.TEACHER, teacher), store,
                    new RolloutEngine.Options(1, 1, 0, Duration.ofSeconds(10))).run(duo.tasks(), false, recorded::add);
        }
        var rollout = recorded.getFirst();
        assertThat(rollout.trajectory().turns()).extracting(Trajectory.Turn::role).containsExactly(Role.TEACHER, "student");
        assertThat(rollout.reward()).contains(1.0);
        assertThat(rollout.rewards().get(Role.TEACHER).value()).isEqualTo(0.5);
    }

    @Test
    void refusesAnEnvironmentWhoseRoleHasNoPolicy() throws Exception {
        try (var store = RunStore.open(dir)) {
            assertThatThrownBy(() -> new RolloutEngine(arithmetic(1), Map.of("someone", new GoldPolicy()), store,
                    new RolloutEngine.Options(1, 1, 0, Duration.ofSeconds(1))))
                    .hasMessageContaining("needs a policy for role 'assistant'");
        }
    }

    static Environment arithmetic(int n) {
        var tasks = new ArrayList<Task>();
        for (int i = 0; i < n; i++) tasks.add(Task.of("add-" + i, "What is " + i + " + 1?", "#### " + (i + 1)));
        return new SingleTurnEnvironment("add", () -> tasks, new MathAnswerReward(Duration.ofSeconds(1)), Sampling.DEFAULT);
    }

    private static RolloutEngine engine(Environment env, Policy policy, RunStore store, int samples, int concurrency) {
        return new RolloutEngine(env, Map.of(Role.ASSISTANT, policy), store,
                new RolloutEngine.Options(samples, concurrency, 0, Duration.ofSeconds(30)));
    }

    @FunctionalInterface
    interface Behaviour {
        Completion answer(GenerationRequest request) throws FailureException, InterruptedException;
    }

    /** A policy scripted by a lambda that counts its calls. */
    record CountingPolicy(AtomicInteger calls, Behaviour behaviour) implements Policy {
        public String describe() { return "scripted"; }

        public Completion generate(GenerationRequest request) throws FailureException, InterruptedException {
            calls.incrementAndGet();
            return behaviour.answer(request);
        }
    }
}
