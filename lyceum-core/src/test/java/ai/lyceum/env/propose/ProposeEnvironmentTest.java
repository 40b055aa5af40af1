package ai.lyceum.env.propose;

import static org.assertj.core.api.Assertions.assertThat;

import ai.lyceum.env.Environments;
import ai.lyceum.failure.Failure;
import ai.lyceum.policy.Completion;
import ai.lyceum.policy.GenerationRequest;
import ai.lyceum.policy.Policy;
import ai.lyceum.rollout.RolloutEngine;
import ai.lyceum.run.RunStore;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProposeEnvironmentTest {
    @TempDir
    Path dir;

    private final ArithmeticProposals domain = new ArithmeticProposals(3);

    private record Scripted(Function<GenerationRequest, String> reply) implements Policy {
        @Override
        public String describe() { return "scripted"; }

        @Override
        public Completion generate(GenerationRequest request) { return Completion.ofText(reply.apply(request)); }
    }

    @Test
    void theJudgeTypesMalformedAndUnsolvableProposals() {
        assertThat(domain.judge(" 347+285\n")).isInstanceOfSatisfying(ProposalDomain.Judged.Accepted.class,
                a -> assertThat(a.task().id()).isEqualTo("347+285"));
        for (String bad : List.of("", "347+", "34 7+285", "347-285", "3+4+5", "a+b", "007+1")) {
            assertThat(domain.judge(bad)).as(bad).isInstanceOfSatisfying(ProposalDomain.Judged.Rejected.class,
                    r -> assertThat(r.why().type()).isEqualTo("proposal_malformed"));
        }
        assertThat(domain.judge("1234+5")).isInstanceOfSatisfying(ProposalDomain.Judged.Rejected.class,
                r -> assertThat(r.why().type()).isEqualTo("proposal_unsolvable"));
    }

    @Test
    void anEpisodeProposesThenSolvesKTimesAndRewardsBothRoles() throws Exception {
        var env = new ProposeEnvironment("propose-arithmetic", domain, ProposerReward.UNCERTAINTY, 4, 1);
        var attempt = new AtomicInteger();
        // Right, right, wrong (41), no answer: 2 of 4 solved; answers 42, 42, 41: p̂ = 2/3.
        var solver = new Scripted(r -> switch (attempt.getAndIncrement()) {
            case 0, 1 -> "2040=42";
            case 2 -> "1040=41";
            default -> "204";
        });
        var proposer = new Scripted(r -> "12+30");
        try (var store = RunStore.open(dir)) {
            var engine = new RolloutEngine(env, Map.of(ProposeEnvironment.SOLVER, solver, ProposeEnvironment.PROPOSER, proposer),
                    store.scope("t"), new RolloutEngine.Options(1, 1, 0, Duration.ofSeconds(10)));
            var rollout = engine.collect(env.tasks(), new RolloutEngine.Listener() {
                @Override
                public void finished(ai.lyceum.rollout.Rollout r) {}
            }).getFirst();
            var turns = rollout.trajectory().turns();
            assertThat(turns).extracting(t -> t.role()).containsExactly("proposer", "solver", "solver", "solver", "solver");
            assertThat(turns.get(1).observation().getFirst().content()).isEqualTo("12+30=");
            assertThat(rollout.reward()).contains(0.5);
            var p = rollout.rewards().get(ProposeEnvironment.PROPOSER);
            assertThat(p.value()).isCloseTo(1.0 / 3, org.assertj.core.api.Assertions.within(1e-12)); // min(2/3, 1/3)
            assertThat(p.diagnostics()).containsEntry("learnability", 0.5).containsEntry("p_hat", 2.0 / 3);
            assertThat((double) p.diagnostics().get("uncertainty-paper")).isCloseTo(2.0 / 3, org.assertj.core.api.Assertions.within(1e-12));
            var stored = store.rollouts("t").getFirst();
            assertThat(stored.rewardsJson()).contains("\"proposer\"", "\"solver\"", "\"attempt_rewards\":[1.0,1.0,0.0,0.0]");
        }
    }

    @Test
    void aRejectedProposalIsATypedFailureInTheRunStoreAndAPenaltyForTheProposer() throws Exception {
        var env = new ProposeEnvironment("propose-arithmetic", domain, ProposerReward.LEARNABILITY, 4, 2);
        var proposer = new Scripted(r -> r.task().id().endsWith("0") ? "twelve plus thirty" : "9999+1");
        var solver = new Scripted(r -> { throw new AssertionError("the solver must not be asked"); });
        try (var store = RunStore.open(dir)) {
            var engine = new RolloutEngine(env, Map.of(ProposeEnvironment.SOLVER, solver, ProposeEnvironment.PROPOSER, proposer),
                    store.scope("t"), new RolloutEngine.Options(1, 2, 0, Duration.ofSeconds(10)));
            var rollouts = engine.collect(env.tasks(), r -> {});
            assertThat(rollouts).extracting(r -> r.failure().map(Failure::type).orElse(""))
                    .containsExactly("proposal_malformed", "proposal_unsolvable");
            assertThat(rollouts).allSatisfy(r -> assertThat(r.rewards().get(ProposeEnvironment.PROPOSER).value()).isEqualTo(-1.0));
            assertThat(store.rollouts("t")).extracting(r -> r.failureType().orElse(""))
                    .containsExactlyInAnyOrder("proposal_malformed", "proposal_unsolvable");
        }
    }

    @Test
    void isRegisteredWithItsDifficultyAsTheLongestOperand() {
        try (var env = Environments.create(ProposeEnvironments.ARITHMETIC, Optional.empty(),
                Environments.Options.defaults().withDifficulty(OptionalInt.of(2)))) {
            assertThat(env.roles()).containsExactly("solver", "proposer");
            assertThat(((ProposeEnvironment) env).domain().judge("123+4")).isInstanceOf(ProposalDomain.Judged.Rejected.class);
        }
    }
}
