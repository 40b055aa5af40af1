package ai.lyceum.env;

import ai.lyceum.env.choice.MmluStemEnvironment;
import ai.lyceum.env.code.CodeEnvironments;
import ai.lyceum.env.math.MathEnvironments;
import ai.lyceum.sandbox.SandboxLimits;
import ai.lyceum.sandbox.SandboxProvider;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.function.BiFunction;

/** The environments built from the shared data sets: each reads a tasks file, by default one under the data directory. */
public final class DataSetEnvironments implements EnvironmentProvider {
    @Override
    public List<Spec> environments() {
        return List.of(
                dataSet("gsm8k", "grade-school math word problems; the final number is checked by the math verifier",
                        "gsm8k/test.jsonl", (f, o) -> MathEnvironments.gsm8k(f)),
                dataSet("math500", "MATH-500 competition problems; answers checked for mathematical equivalence",
                        "math500/test.jsonl", (f, o) -> MathEnvironments.math500(f)),
                dataSet("aime24", "AIME 2024 problems; integer answers checked by the math verifier",
                        "math_competition/aime24_test.jsonl", (f, o) -> MathEnvironments.aime24(f)),
                dataSet("amc23", "AMC 2023 problems; answers checked by the math verifier",
                        "math_competition/amc23_test.jsonl", (f, o) -> MathEnvironments.amc23(f)),
                dataSet("minerva", "Minerva math (university STEM) problems; answers checked by the math verifier",
                        "math_competition/minerva_math_test.jsonl", (f, o) -> MathEnvironments.minerva(f)),
                dataSet(MmluStemEnvironment.NAME, "MMLU STEM subjects; multiple choice, the chosen letter is checked",
                        "mmlu/mmlu_stem_test.jsonl", (f, o) -> MmluStemEnvironment.create(f)),
                dataSet("humaneval", "HumanEval Python functions, run against the data set's tests in the sandbox",
                        "humaneval/HumanEval.jsonl.gz", (f, o) -> CodeEnvironments.humaneval(f,
                                SandboxProvider.named(o.sandbox()).open(SandboxLimits.DEFAULT))),
                dataSet("mbpp", "MBPP (sanitized) Python problems, run against the data set's tests in the sandbox",
                        "mbpp/mbpp_sanitized_427.jsonl", (f, o) -> CodeEnvironments.mbpp(f,
                                SandboxProvider.named(o.sandbox()).open(SandboxLimits.DEFAULT))));
    }

    private static Spec dataSet(String name, String description, String defaultFile,
            BiFunction<Path, Environments.Options, Environment> factory) {
        return new Spec(name, description, (tasksFile, options) -> {
            var file = tasksFile.orElseGet(() -> options.dataDir().resolve(defaultFile));
            if (!Files.isRegularFile(file)) {
                throw new IllegalArgumentException("environment '" + name + "' needs its tasks file " + file
                        + (tasksFile.isPresent() ? "" : "; set --data-dir or LYCEUM_DATA, or pass --tasks FILE"));
            }
            try {
                return factory.apply(file, options);
            } catch (IllegalStateException e) { // a sandbox that cannot run here names its fix
                throw new IllegalArgumentException("environment '" + name + "': " + e.getMessage(), e);
            }
        });
    }
}
