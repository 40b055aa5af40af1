package ai.lyceum.env.propose;

import ai.lyceum.env.Environment;
import ai.lyceum.env.Episode;
import ai.lyceum.env.Step;
import ai.lyceum.env.Trajectory;
import ai.lyceum.failure.Failure;
import ai.lyceum.policy.Completion;
import ai.lyceum.policy.Sampling;
import ai.lyceum.reward.RewardResult;
import ai.lyceum.task.Task;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Proposer / solver episodes on one {@link ProposalDomain}: the proposer role writes a task; the domain's judge
 * accepts it or rejects it (malformed, unsolvable); the solver role attempts an accepted task {@code k} times, each
 * attempt seeing only the task. One model may play both roles: the role prompt tells them apart.
 *
 * <p>Rewards per role: the solver's is its success rate over the k attempts (each attempt's verdict is in the
 * diagnostics, for per-attempt advantages); the proposer's is the chosen {@link ProposerReward} of those attempts.
 * A rejected proposal ends the episode: the proposer gets {@link ProposerReward#UNPARSEABLE}, and the solver's
 * reward, the rollout's, is the typed {@link Failure.InvalidProposal} ({@code proposal_malformed},
 * {@code proposal_unsolvable}), so the run store counts it. R-Zero's repetition penalty is a function of the whole
 * batch, which one episode cannot see; a trainer subtracts {@link RepetitionPenalty#shares} per batch.
 */
public final class ProposeEnvironment implements Environment {
    public static final String SOLVER = "solver";
    public static final String PROPOSER = "proposer";

    private final String name;
    private final ProposalDomain domain;
    private final ProposerReward reward;
    private final int attempts;
    private final int proposals;

    /**
     * @param attempts  solver attempts per accepted task (k)
     * @param proposals how many proposer prompts {@link #tasks()} holds (one episode each)
     */
    public ProposeEnvironment(String name, ProposalDomain domain, ProposerReward reward, int attempts, int proposals) {
        if (attempts < 1 || proposals < 1) {
            throw new IllegalArgumentException("need at least one solver attempt and one proposal; got " + attempts + ", " + proposals);
        }
        this.name = name;
        this.domain = domain;
        this.reward = reward;
        this.attempts = attempts;
        this.proposals = proposals;
    }

    @Override
    public String name() { return name; }

    /** The solver first: evaluations report on the success rate over accepted tasks. */
    @Override
    public List<String> roles() { return List.of(SOLVER, PROPOSER); }

    public ProposalDomain domain() { return domain; }

    public ProposerReward reward() { return reward; }

    public int attempts() { return attempts; }

    /** {@code proposals} identical proposer prompts, {@code proposal-000} on. */
    @Override
    public List<Task> tasks() {
        var out = new ArrayList<Task>(proposals);
        for (int i = 0; i < proposals; i++) out.add(proposerTask(String.format(java.util.Locale.ROOT, "proposal-%03d", i)));
        return out;
    }

    /** A proposer prompt under the given id. */
    public Task proposerTask(String id) {
        return new Task(id, domain.proposerPrompt(), Optional.empty(), Map.of("task_type", domain.name()));
    }

    @Override
    public Episode start(Task task) {
        return new Episode() {
            private ProposalDomain.Judged judged;
            private int attempted;

            @Override
            public Step begin() {
                return new Step.Act(PROPOSER, task.prompt(), Sampling.DEFAULT.withMaxTokens(domain.proposerMaxTokens()));
            }

            @Override
            public Step advance(Completion completion) {
                if (judged == null) judged = domain.judge(completion.text());
                else attempted++;
                if (judged instanceof ProposalDomain.Judged.Accepted(Task posed) && attempted < attempts) {
                    return new Step.Act(SOLVER, posed.prompt(), Sampling.DEFAULT.withMaxTokens(domain.solverMaxTokens()));
                }
                return Step.DONE;
            }

            @Override
            public Map<String, RewardResult> score(Trajectory trajectory) {
                var proposal = trajectory.lastBy(PROPOSER).map(Completion::text).orElse("");
                return switch (judged == null ? domain.judge(proposal) : judged) {
                    case ProposalDomain.Judged.Rejected(var why) -> Map.of(SOLVER, RewardResult.failed(why), PROPOSER,
                            new RewardResult(ProposerReward.UNPARSEABLE, Map.of("format_penalty", ProposerReward.UNPARSEABLE),
                                    Map.of("proposal", proposal, "task_type", domain.name(), "proposal_failure", why.type(),
                                            "reason", why.reason()), Optional.empty()));
                    case ProposalDomain.Judged.Accepted(Task posed) -> scoreAttempts(proposal, posed, trajectory);
                };
            }
        };
    }

    private Map<String, RewardResult> scoreAttempts(String proposal, Task posed, Trajectory trajectory) {
        var solved = new ArrayList<Boolean>();
        var answers = new ArrayList<Optional<String>>();
        var verdicts = new ArrayList<Double>();
        for (var turn : trajectory.turns()) {
            if (!turn.role().equals(SOLVER)) continue;
            String attempt = turn.completion().text();
            RewardResult r = domain.grade(posed, attempt);
            if (r.failure().isPresent()) {
                var why = new Failure.RewardError("solver attempt " + solved.size() + " could not be graded: " + r.failure().get().detail());
                return Map.of(SOLVER, RewardResult.failed(r.failure().get()), PROPOSER, RewardResult.failed(why));
            }
            solved.add(r.value() >= 1);
            verdicts.add(r.value());
            answers.add(domain.answerOf(attempt));
        }
        var outcome = SolverOutcome.of(solved, answers);
        var solverDiagnostics = new LinkedHashMap<String, Object>();
        solverDiagnostics.put("task", posed.id());
        solverDiagnostics.put("difficulty", domain.difficulty(posed));
        solverDiagnostics.put("attempt_rewards", verdicts);
        solverDiagnostics.put("successes", outcome.successes());
        solverDiagnostics.put("attempts", outcome.attempts());
        var proposerDiagnostics = new LinkedHashMap<String, Object>();
        proposerDiagnostics.put("proposal", proposal);
        proposerDiagnostics.put("task_type", domain.name());
        proposerDiagnostics.put("success_rate", outcome.successRate());
        proposerDiagnostics.put("p_hat", outcome.majorityShare());
        for (var kind : ProposerReward.values()) proposerDiagnostics.put(kind.label(), kind.of(outcome));
        proposerDiagnostics.put("repetition_penalty", "per batch, subtracted by the trainer");
        double value = reward.of(outcome);
        return Map.of(SOLVER, new RewardResult(outcome.successRate(), Map.of(), solverDiagnostics, Optional.empty()),
                PROPOSER, new RewardResult(value, Map.of(reward.label(), value), proposerDiagnostics, Optional.empty()));
    }
}
