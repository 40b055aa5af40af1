package ai.lyceum.train.propose;

import ai.lyceum.env.Trajectory;
import ai.lyceum.env.propose.ProposeEnvironment;
import ai.lyceum.env.propose.RepetitionPenalty;
import ai.lyceum.failure.Failure;
import ai.lyceum.policy.Policy;
import ai.lyceum.policy.SamplingOverride;
import ai.lyceum.rollout.Rollout;
import ai.lyceum.rollout.RolloutEngine;
import ai.lyceum.run.RunStore;
import ai.lyceum.task.Task;
import ai.lyceum.train.policy.EmbeddedPolicy;
import ai.lyceum.train.policy.PromptFormat;
import ai.lyceum.train.rl.Advantages;
import ai.lyceum.train.rl.RlConfig;
import ai.lyceum.train.rl.RlSequence;
import ai.lyceum.train.rl.RlTrainer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * One model, two roles, both trained. A step:
 * <ol>
 *   <li>runs {@code proposals} episodes of the {@link ProposeEnvironment} through the engine, the student playing
 *       proposer and solver (the role prompt tells them apart): each writes a task, the judge accepts or rejects it,
 *       the solver attempts an accepted one k times;</li>
 *   <li>subtracts R-Zero's repetition penalty, each proposal's cluster share of the batch, from every proposer
 *       reward (a rejected proposal's is −1 before it);</li>
 *   <li>proposer advantages against the (task type, proposer) baseline of the batch (AZR's TRR++); solver advantages
 *       within each task's k attempts (GRPO, as the random and curriculum arms get them), groups with equal rewards
 *       dropped;</li>
 *   <li>updates on both roles' turns through {@link RlTrainer#update}, the same path as GRPO's.</li>
 * </ol>
 * Rollouts land in the run store in scope {@code RUN/step-NNNNNN}, each with both roles' rewards; a rejected
 * proposal is its rollout's typed failure ({@code proposal_malformed}, {@code proposal_unsolvable}).
 */
public final class ProposerSolverTrainer {
    private final EmbeddedPolicy student;
    private final PromptFormat format;
    private final ProposeEnvironment environment;
    private final RlTrainer updater;
    private final RlConfig config;
    private final RunStore store;
    private final String run;
    private final int proposals;

    /** @param updater supplies the update path and optimiser; its own sampling is not used */
    public ProposerSolverTrainer(EmbeddedPolicy student, PromptFormat format, ProposeEnvironment environment,
            RlTrainer updater, RlConfig config, RunStore store, String run, int proposals) {
        if (proposals < 2) throw new IllegalArgumentException("a proposer baseline needs at least 2 proposals a step, got " + proposals);
        this.student = student;
        this.format = format;
        this.environment = environment;
        this.updater = updater;
        this.config = config;
        this.store = store;
        this.run = run;
        this.proposals = proposals;
    }

    public ProposeStep step(int step) throws InterruptedException {
        long started = System.nanoTime();
        var tasks = new ArrayList<Task>(proposals);
        for (int i = 0; i < proposals; i++) tasks.add(environment.proposerTask(String.format(Locale.ROOT, "s%06d-p%03d", step, i)));
        var sampling = new SamplingOverride(student, Optional.of(config.temperature()), Optional.of(config.topP()),
                OptionalInt.empty(), true);
        var engine = new RolloutEngine(environment, Map.<String, Policy>of(ProposeEnvironment.SOLVER, sampling,
                ProposeEnvironment.PROPOSER, sampling), store.scope(run + String.format(Locale.ROOT, "/step-%06d", step)),
                new RolloutEngine.Options(1, proposals, RlTrainer.mix(config.seed(), step, 1), Duration.ofMinutes(10)));
        List<Rollout> rollouts = student.collect(engine, tasks);

        int malformed = 0, unsolvable = 0, failed = 0, accepted = 0, solverRollouts = 0, proposerGenerations = 0;
        double solved = 0, level = 0, pHat = 0;
        var proposalTurns = new ArrayList<Trajectory.Turn>();
        var proposalIds = new ArrayList<String>();
        var proposerRewards = new ArrayList<Double>();
        var solverGroups = new ArrayList<List<Trajectory.Turn>>();
        var solverTasks = new ArrayList<String>();
        var solverRewards = new ArrayList<double[]>();
        for (Rollout r : rollouts) {
            var proposerTurn = r.trajectory().turns().stream().filter(t -> t.role().equals(ProposeEnvironment.PROPOSER)).findFirst();
            proposerGenerations += proposerTurn.isPresent() ? 1 : 0;
            var attempts = r.trajectory().turns().stream().filter(t -> t.role().equals(ProposeEnvironment.SOLVER)).toList();
            solverRollouts += attempts.size();
            var proposerReward = r.rewards().get(ProposeEnvironment.PROPOSER);
            if (r.failure().orElse(null) instanceof Failure.InvalidProposal invalid) {
                if (invalid.kind().equals("malformed")) malformed++;
                else unsolvable++;
            } else if (r.failure().isPresent() || proposerReward == null || proposerReward.failure().isPresent()) {
                failed++; // the policy or the environment failed: counted, never trained on
                continue;
            }
            if (proposerTurn.isEmpty()) continue;
            proposalTurns.add(proposerTurn.get());
            proposalIds.add(r.taskId());
            proposerRewards.add(proposerReward.value());
            if (r.failure().isPresent()) continue;
            accepted++;
            var solver = r.rewards().get(ProposeEnvironment.SOLVER);
            @SuppressWarnings("unchecked")
            var verdicts = ((List<Number>) solver.diagnostics().get("attempt_rewards")).stream().mapToDouble(Number::doubleValue).toArray();
            for (double v : verdicts) solved += v;
            pHat += ((Number) r.rewards().get(ProposeEnvironment.PROPOSER).diagnostics().get("p_hat")).doubleValue();
            level += ((Number) solver.diagnostics().get("difficulty")).doubleValue();
            solverGroups.add(attempts);
            solverTasks.add((String) solver.diagnostics().get("task"));
            solverRewards.add(verdicts);
        }

        var domain = environment.domain();
        double[] penalty = proposalTurns.isEmpty() ? new double[0]
                : RepetitionPenalty.shares(proposalTurns.stream().map(t -> domain.tokens(t.completion().text())).toList());
        var entries = new ArrayList<RoleBaselines.Entry>();
        double rewardSum = 0, penaltySum = 0;
        for (int i = 0; i < proposalTurns.size(); i++) {
            double reward = proposerRewards.get(i) - penalty[i];
            rewardSum += reward;
            penaltySum += penalty[i];
            entries.add(new RoleBaselines.Entry(domain.name(), ProposeEnvironment.PROPOSER, reward));
        }
        double[] proposerAdvantages = RoleBaselines.advantages(entries, config.scaleByStd());

        var sequences = new ArrayList<RlSequence>();
        int group = 0;
        if (proposalTurns.size() >= 2) {
            for (int i = 0; i < proposalTurns.size(); i++) {
                if (proposerAdvantages[i] == 0) continue;
                sequences.add(sequence(group, proposalIds.get(i), proposalTurns.get(i), entries.get(i).reward(), proposerAdvantages[i]));
            }
            group++;
        }
        for (int g = 0; g < solverGroups.size(); g++) {
            double[] r = solverRewards.get(g);
            if (config.dynamicSampling() && allEqual(r)) continue;
            double[] a = Advantages.group(r, config.scaleByStd());
            for (int i = 0; i < r.length; i++) sequences.add(sequence(group, solverTasks.get(g), solverGroups.get(g).get(i), r[i], a[i]));
            group++;
        }
        var u = updater.update(sequences, step);
        int n = proposalTurns.size();
        return new ProposeStep(step, solverRollouts, proposerGenerations, solverRollouts == 0 ? Double.NaN : solved / solverRollouts,
                accepted, malformed, unsolvable, failed, accepted == 0 ? Double.NaN : level / accepted,
                n == 0 ? Double.NaN : rewardSum / n, n == 0 ? Double.NaN : penaltySum / n,
                accepted == 0 ? Double.NaN : pHat / accepted, sequences.size(), u.loss(), u.updates(),
                (System.nanoTime() - started) / 1e9);
    }

    private RlSequence sequence(int group, String taskId, Trajectory.Turn turn, double reward, double advantage) {
        int[] prompt = format.render(turn.observation());
        int[] response = turn.completion().tokens().orElseThrow(() -> new IllegalStateException(
                "the student returned no token ids for a " + turn.role() + " turn")).ids();
        return new RlSequence(group, taskId, prompt, prompt, response, reward, advantage, true);
    }

    private static boolean allEqual(double[] r) {
        for (double x : r) if (x != r[0]) return false;
        return true;
    }
}
