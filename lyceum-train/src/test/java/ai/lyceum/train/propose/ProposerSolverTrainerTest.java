package ai.lyceum.train.propose;

import static org.assertj.core.api.Assertions.assertThat;

import ai.lyceum.env.procedural.ArithmeticEnvironment;
import ai.lyceum.env.propose.ArithmeticProposals;
import ai.lyceum.env.propose.ProposeEnvironment;
import ai.lyceum.env.propose.ProposerReward;
import ai.lyceum.run.RunStore;
import ai.lyceum.train.model.ModelConfig;
import ai.lyceum.train.model.Transformer;
import ai.lyceum.train.policy.EmbeddedPolicy;
import ai.lyceum.train.policy.PromptFormat;
import ai.lyceum.train.rl.RlConfig;
import ai.lyceum.train.rl.RlTrainer;
import ai.lyceum.train.rl.TrainingTasks;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProposerSolverTrainerTest {
    @TempDir
    Path dir;

    @Test
    void everyProposalIsAcceptedOrATypedRejectionCountedInTheStepAndTheStore() throws Exception {
        var solverEnv = new ArithmeticEnvironment(1, 3, 8);
        var domain = new ArithmeticProposals(3);
        var env = new ProposeEnvironment("propose-arithmetic", domain, ProposerReward.UNCERTAINTY, 2, 6);
        var rl = RlConfig.defaults(RlConfig.Algorithm.GRPO, solverEnv.maxTokens(), 5).withGroups(6, 2);
        try (var student = new EmbeddedPolicy(Transformer.initialize(ModelConfig.tiny(), 2), PromptFormat.RAW,
                solverEnv.maxTokens(), 1024, 2); var store = RunStore.open(dir)) {
            var updater = new RlTrainer(student, PromptFormat.RAW, Optional.empty(), solverEnv, TrainingTasks.of(solverEnv, 0),
                    Optional.empty(), rl, store, "p");
            var step = new ProposerSolverTrainer(student, PromptFormat.RAW, env, updater, rl, store, "p", 6).step(0);
            assertThat(step.proposerGenerations()).isEqualTo(6);
            assertThat(step.accepted() + step.malformed() + step.unsolvable() + step.failedRollouts()).isEqualTo(6);
            assertThat(step.solverRollouts()).isEqualTo(2 * step.accepted());
            assertThat(step.rolloutsSampled()).isEqualTo(6 + 2 * step.accepted());
            var rows = store.rollouts("p/step-000000");
            assertThat(rows).hasSize(6);
            assertThat(rows.stream().filter(r -> r.failureType().orElse("").equals("proposal_malformed")).count())
                    .isEqualTo(step.malformed());
            assertThat(rows.stream().filter(r -> r.failureType().orElse("").equals("proposal_unsolvable")).count())
                    .isEqualTo(step.unsolvable());
            assertThat(rows).allSatisfy(r -> assertThat(r.rewardsJson()).contains("\"proposer\""));
            assertThat(step.metrics()).containsKeys("proposals_malformed", "proposals_unsolvable", "proposer_generations");
            // An untrained proposer writes mostly garbage, rewarded −1 less its repetition penalty.
            assertThat(step.malformed()).isPositive();
            assertThat(step.proposerReward()).isLessThan(-1.0 + 1e-9);
        }
    }
}
