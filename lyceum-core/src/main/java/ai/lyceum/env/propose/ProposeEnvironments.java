package ai.lyceum.env.propose;

import ai.lyceum.env.EnvironmentProvider;
import java.util.List;

/**
 * The proposer / solver environments. For {@code propose-arithmetic} {@code --difficulty} is the longest operand the
 * judge accepts; {@code propose-cipher} accepts any 8-letter word (its difficulty only sizes the experiment's levels).
 */
public final class ProposeEnvironments implements EnvironmentProvider {
    public static final String ARITHMETIC = "propose-arithmetic";
    public static final String CIPHER = "propose-cipher";
    /** Solver attempts per accepted proposal. */
    public static final int ATTEMPTS = 8;

    @Override
    public List<Spec> environments() {
        return List.of(new Spec(ARITHMETIC, "a proposer writes a sum a+b, an exact judge rejects malformed or unsolvable"
                + " ones, the solver answers it " + ATTEMPTS + " times; proposer reward: R-Zero uncertainty min(p̂, 1−p̂)"
                + " (longest operand 5 digits by default)", (tasksFile, options) -> {
                    if (tasksFile.isPresent()) {
                        throw new IllegalArgumentException("environment '" + ARITHMETIC + "' asks its proposer for tasks; it takes no --tasks file");
                    }
                    return new ProposeEnvironment(ARITHMETIC, new ArithmeticProposals(options.difficulty().orElse(5)),
                            ProposerReward.UNCERTAINTY, ATTEMPTS, 64);
                }), new Spec(CIPHER, "a proposer writes an 8-letter word, an exact judge rejects malformed ones, the solver"
                + " enciphers it " + ATTEMPTS + " times (the demo's cipher); proposer reward: R-Zero uncertainty min(p̂, 1−p̂)",
                (tasksFile, options) -> {
                    if (tasksFile.isPresent()) {
                        throw new IllegalArgumentException("environment '" + CIPHER + "' asks its proposer for tasks; it takes no --tasks file");
                    }
                    return new ProposeEnvironment(CIPHER, CipherProposals.standard(), ProposerReward.UNCERTAINTY, ATTEMPTS, 64);
                }));
    }
}
