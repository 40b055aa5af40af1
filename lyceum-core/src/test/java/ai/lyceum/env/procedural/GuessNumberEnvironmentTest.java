package ai.lyceum.env.procedural;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.lyceum.env.Environments;
import ai.lyceum.env.Role;
import ai.lyceum.env.Step;
import ai.lyceum.env.Trajectory;
import ai.lyceum.eval.EvalSummary;
import ai.lyceum.failure.Failure;
import ai.lyceum.policy.Completion;
import ai.lyceum.policy.gold.GoldPolicy;
import ai.lyceum.reward.RewardResult;
import ai.lyceum.rollout.RolloutEngine;
import ai.lyceum.run.RunStore;
import ai.lyceum.task.Message;
import ai.lyceum.task.Task;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GuessNumberEnvironmentTest {
    @TempDir
    Path dir;

    @Test
    void theRegistryMakesItAtTheChosenBitsAndItTakesNoTasksFile() {
        var env = (GuessNumberEnvironment) Environments.create("guess-number", Optional.empty(),
                Environments.Options.defaults().withDifficulty(OptionalInt.of(4)));
        assertThat(env.upper()).isEqualTo(15);
        assertThat(env.tasks()).hasSize(512).allSatisfy(t -> assertThat(Integer.parseInt(t.reference().orElseThrow())).isBetween(1, 15));
        assertThat(env.tasks().stream().map(Task::id).distinct()).hasSize(512);
        assertThat(((GuessNumberEnvironment) Environments.create("guess-number", Optional.empty(), Environments.Options.defaults()))
                .difficulty()).isEqualTo(10);
        assertThatThrownBy(() -> Environments.create("guess-number", Optional.of(dir.resolve("t.jsonl")), Environments.Options.defaults()))
                .hasMessageContaining("takes no --tasks file");
        assertThatThrownBy(() -> new GuessNumberEnvironment(1, 31, 1)).hasMessageContaining("1–30; was 31");
    }

    @Test
    void binarySearchFindsEverySecretWithinTheGuessesAndIsToldHigherOrLower() {
        var env = new GuessNumberEnvironment(1, 10, 1);
        for (int secret = 1; secret <= 1023; secret++) {
            var result = binarySearch(env, secret);
            assertThat(result.value()).as("secret %d", secret).isEqualTo(1);
            assertThat((int) result.diagnostics().get("guesses")).isBetween(1, 10);
        }
        assertThat(binarySearch(env, 512).diagnostics()).containsEntry("guesses", 1);
        assertThat(binarySearch(env, 1).diagnostics()).containsEntry("guesses", 10); // 512, 256, ..., 2, 1
    }

    @Test
    void aWrongOrMalformedGuessCostsATurnAndTheEpisodeEndsWhenGuessesRunOut() {
        var env = new GuessNumberEnvironment(1, 3, 1); // 1..7, 3 guesses
        var task = task(5);
        var episode = env.start(task);
        var turns = new ArrayList<Trajectory.Turn>();
        var act = (Step.Act) episode.begin();
        var step = play(episode, act, "four", turns);
        assertThat(((Step.Act) step).messages().getLast()).isEqualTo(Message.user("Reply with one integer between 1 and 7."));
        step = play(episode, (Step.Act) step, " 6\n", turns);
        assertThat(((Step.Act) step).messages().getLast()).isEqualTo(Message.user("lower"));
        step = play(episode, (Step.Act) step, "4", turns);
        assertThat(step).isInstanceOf(Step.Done.class);
        var reward = episode.score(new Trajectory(task, turns)).get(Role.ASSISTANT);
        assertThat(reward.value()).isZero();
        assertThat(reward.failure()).isEmpty();
        assertThat(reward.diagnostics()).containsEntry("guesses", 3);
    }

    @Test
    void theRewardIsReplayedFromTheTrajectoryNotTakenFromTheEpisode() {
        var env = new GuessNumberEnvironment(1, 3, 1);
        var task = task(5);
        assertThat(env.grade(trajectory(task, "4", "5")).value()).isEqualTo(1);
        assertThat(env.grade(trajectory(task, "1", "2", "3", "5")).value()).as("the fourth guess is one too many").isZero();
        RewardResult none = env.grade(trajectory(task, "five", "maybe six?"));
        assertThat(none.failure()).get().isInstanceOf(Failure.Unparseable.class);
        assertThat(none.failure().get().detail()).contains("maybe six?");
    }

    @Test
    void theGoldPolicyNamesTheSecretAtOnceThroughTheEngine() throws Exception {
        var env = new GuessNumberEnvironment(2026, 10, 64);
        try (var store = RunStore.open(dir)) {
            new RolloutEngine(env, Map.of(Role.ASSISTANT, new GoldPolicy()), store,
                    new RolloutEngine.Options(1, 8, 0, Duration.ofMinutes(1))).run(env.tasks(), false, r -> {});
            store.flush();
            var summary = EvalSummary.of(store.rollouts(), 1.0, 0);
            assertThat(summary.failures()).isEmpty();
            assertThat(summary.meanReward()).isEqualTo(1.0);
        }
    }

    private static RewardResult binarySearch(GuessNumberEnvironment env, int secret) {
        var task = task(secret);
        var episode = env.start(task);
        var turns = new ArrayList<Trajectory.Turn>();
        int lo = 1, hi = env.upper();
        Step step = episode.begin();
        while (step instanceof Step.Act act) {
            if (!turns.isEmpty()) {
                int last = Integer.parseInt(turns.getLast().completion().text());
                if (act.messages().getLast().content().equals("higher")) lo = last + 1;
                else hi = last - 1;
            }
            step = play(episode, act, Integer.toString((lo + hi) / 2), turns);
        }
        return episode.score(new Trajectory(task, turns)).get(Role.ASSISTANT);
    }

    private static Step play(ai.lyceum.env.Episode episode, Step.Act act, String reply, List<Trajectory.Turn> turns) {
        var completion = Completion.ofText(reply);
        turns.add(new Trajectory.Turn(act.role(), act.messages(), completion));
        return episode.advance(completion);
    }

    private static Trajectory trajectory(Task task, String... replies) {
        var turns = new ArrayList<Trajectory.Turn>();
        for (var r : replies) turns.add(new Trajectory.Turn(Role.ASSISTANT, task.prompt(), Completion.ofText(r)));
        return new Trajectory(task, turns);
    }

    private static Task task(int secret) {
        return new Task("t", List.of(Message.user("guess")), Optional.of(Integer.toString(secret)), Map.of());
    }
}
