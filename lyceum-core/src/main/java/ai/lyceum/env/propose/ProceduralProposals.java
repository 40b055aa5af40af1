package ai.lyceum.env.propose;

import ai.lyceum.env.procedural.ProceduralEnvironment;
import ai.lyceum.env.procedural.SftExample;
import ai.lyceum.task.Task;
import java.util.SplittableRandom;

/**
 * A proposal domain backed by a procedural generator: what a proposer experiment needs beyond the judge — tasks at
 * a chosen difficulty (the random and curriculum baselines, the held-out set), a warm-start corpus for both roles,
 * and the solver's environment that grades and sizes answers.
 */
public interface ProceduralProposals extends ProposalDomain {
    /** The hardest level the baselines and the held-out set use; levels run from 0 or 1 to it. */
    int maxLevel();

    /** The easiest level (0 when a task can have none of what makes it hard). */
    int minLevel();

    /** A task at {@code level} on the difficulty knob. */
    Task sample(SplittableRandom random, int level);

    /** A warm-start example of the proposer role: a well-formed proposal, its level uniform over the range. */
    SftExample proposerExample(SplittableRandom random);

    /** A warm-start example of the solver role, from the solver environment's own corpus. */
    SftExample solverExample(SplittableRandom random);

    /** Grades, sizes and evaluates the solver's answers. */
    ProceduralEnvironment solverEnvironment();
}
