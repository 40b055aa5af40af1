/**
 * Code rewards: extract a program from a model's answer ({@link ai.lyceum.reward.code.CodeExtractor}), run it with
 * its tests in a {@link ai.lyceum.sandbox.Sandbox} ({@link ai.lyceum.reward.code.PythonTestRunner}, one process per
 * answer, every test reported on its own), and score all-tests-pass or the fraction passed
 * ({@link ai.lyceum.reward.code.CodeTestReward}). Tests come in the two shapes of the public benchmarks
 * ({@link ai.lyceum.reward.code.PythonTests}): a HumanEval {@code check(candidate)} function and an MBPP list of
 * assert lines. A failed test is a score; only a sandbox or harness fault is a failure.
 */
package ai.lyceum.reward.code;
