/**
 * Math answer verification: {@link ai.lyceum.reward.math.AnswerExtractor} finds the final answer in a response
 * (boxed, {@code ####}, "final answer is", LaTeX spans, last number), and {@link ai.lyceum.reward.math.MathVerifier}
 * decides equivalence with a hand-written LaTeX parser, exact rational arithmetic and randomized numeric checks,
 * asymmetrically (gold first) and under a cooperative per-call deadline, so it is safe on many threads and on
 * hostile input. {@link ai.lyceum.reward.math.MathAnswerReward} is the {@code Reward};
 * {@link ai.lyceum.reward.math.MathVerifyJsonl} and {@link ai.lyceum.reward.math.VerifyBenchmark} serve the CLI.
 * What matches what, and the options mirroring Math-Verify's, are in docs/verifier.md.
 */
package ai.lyceum.reward.math;
