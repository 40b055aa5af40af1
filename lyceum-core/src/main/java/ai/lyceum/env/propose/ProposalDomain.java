package ai.lyceum.env.propose;

import ai.lyceum.failure.Failure;
import ai.lyceum.reward.RewardResult;
import ai.lyceum.task.Message;
import ai.lyceum.task.Task;
import java.util.List;
import java.util.Optional;

/**
 * A verifiable domain a proposer writes tasks in: the proposer's role prompt, an exact judge that turns a proposal
 * into a solver's task or rejects it with a typed failure, and the solver's grading. The judge reads the proposal
 * as data; nothing in it is executed.
 */
public interface ProposalDomain {
    /** The task type: per-(task type, role) baselines and reports key on it. */
    String name();

    /** What the proposer role is asked. */
    List<Message> proposerPrompt();

    /** Accepts {@code proposal} as a task the solver can answer, or says why not. */
    Judged judge(String proposal);

    /** The judge's verdict on one proposal. */
    sealed interface Judged {
        record Accepted(Task task) implements Judged {}

        record Rejected(Failure.InvalidProposal why) implements Judged {}

        static Judged malformed(String reason) { return new Rejected(new Failure.InvalidProposal("malformed", reason)); }

        static Judged unsolvable(String reason) { return new Rejected(new Failure.InvalidProposal("unsolvable", reason)); }

        /** A proposal as a rejection quotes it: its first 40 characters. */
        static String excerpt(String proposal) { return proposal.length() <= 40 ? proposal : proposal.substring(0, 40) + "…"; }
    }

    /** Where an accepted task sits on the domain's difficulty knob (operand digits, say). */
    int difficulty(Task task);

    /** One solver attempt's reward: 1 for the exact answer, 0 otherwise. */
    RewardResult grade(Task task, String attempt);

    /** The answer an attempt gives, for the majority vote; empty when it gives none. */
    Optional<String> answerOf(String attempt);

    /** A proposal split into the tokens BLEU compares (words, or characters where a task has no spaces). */
    List<String> tokens(String proposal);

    /** New tokens a proposal needs at most, EOS included. */
    int proposerMaxTokens();

    /** New tokens a solver's answer needs at most, EOS included. */
    int solverMaxTokens();
}
