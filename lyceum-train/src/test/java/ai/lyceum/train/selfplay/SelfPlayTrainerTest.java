package ai.lyceum.train.selfplay;

import static org.assertj.core.api.Assertions.assertThat;

import ai.lyceum.env.selfplay.Layout;
import ai.lyceum.env.selfplay.SelfPlayEnvironment;
import ai.lyceum.env.selfplay.SelfPlayEnvironment.Game;
import ai.lyceum.json.Json;
import ai.lyceum.run.RunStore;
import ai.lyceum.train.model.ModelConfig;
import ai.lyceum.train.model.Transformer;
import ai.lyceum.train.policy.EmbeddedPolicy;
import ai.lyceum.train.policy.PromptFormat;
import ai.lyceum.train.rl.RlConfig;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SelfPlayTrainerTest {
    @TempDir
    Path dir;

    private static SelfPlayEnvironment game() {
        return new SelfPlayEnvironment(Game.TICTACTOE, Layout.COMPACT, SelfPlayEnvironment.Scoring.EVALUATION, 1, 1, 16);
    }

    @Test
    void anUntrainedModelsIllegalOpeningsAreTrainingPenaltiesCountedInTheStore() throws Exception {
        int games = 8;
        try (var student = new EmbeddedPolicy(Transformer.initialize(ModelConfig.tiny(), 5), PromptFormat.RAW, 16, 1024, 5);
             var store = RunStore.open(dir)) {
            var trainer = new SelfPlayTrainer(student, PromptFormat.RAW, game(), RlConfig.defaults(RlConfig.Algorithm.GRPO, 16, 3)
                    .withMaxTokens(16), RoleBaselines.rae(), games, store, "rae-seed3");
            SelfPlayStep s = trainer.step(0);
            // Random weights never write a legal \boxed{n}: player 0 loses every game on its first move.
            assertThat(s.games()).isEqualTo(games);
            assertThat(s.generations()).isEqualTo(games);
            assertThat(s.invalidMoves()).isEqualTo(games);
            assertThat(s.player1Wins()).isEqualTo(games);
            assertThat(s.trained()).as("player 0's one turn per game; player 1 never acted").isEqualTo(games);
            assertThat(s.updates()).isPositive();
            // Training rewards: -1.5 for player 0 every game. Read before update: A = -1.5 - b, b from 0 towards -1.5.
            double b = 0;
            for (int i = 0; i < games; i++) b = 0.95 * b + 0.05 * -1.5;
            assertThat(s.baselines().get("tictactoe-v0/player-0")).isCloseTo(b, org.assertj.core.data.Offset.offset(1e-12));
            assertThat(s.baselines().get("tictactoe-v0/player-1")).as("player 1's +0.5 each game")
                    .isCloseTo(0.5 * (1 - Math.pow(0.95, games)), org.assertj.core.data.Offset.offset(1e-12));

            assertThat(store.counts()).containsEntry(SelfPlayTrainer.INVALID_MOVES, (long) games);
            var recorded = store.rollouts("rae-seed3/step-000000");
            assertThat(recorded).hasSize(games);
            var rewards = Json.newMapper().readTree(recorded.getFirst().rewardsJson());
            assertThat(rewards.get("player-0").get("value").asDouble()).isEqualTo(-1.5);
            assertThat(rewards.get("player-1").get("value").asDouble()).isEqualTo(0.5);
            assertThat(rewards.get("player-0").get("diagnostics").get("invalid_move").asBoolean()).isTrue();
        }
    }
}
