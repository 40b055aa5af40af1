package ai.lyceum.cli;

import ai.lyceum.env.Environments;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code lyceum envs}: every registered environment with a one-line description. */
@Command(name = "envs", mixinStandardHelpOptions = true,
        description = "List the environments eval, train and demo accept, with what each one poses and scores.")
final class EnvsCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        var descriptions = Environments.descriptions();
        int width = descriptions.keySet().stream().mapToInt(String::length).max().orElse(0);
        descriptions.forEach((name, description) -> System.out.printf("%-" + width + "s  %s%n", name, description));
        System.out.printf("%-" + width + "s  %s%n", "rubric:FILE", "prompts graded against their own rubrics by a judge (eval only)");
        return 0;
    }
}
