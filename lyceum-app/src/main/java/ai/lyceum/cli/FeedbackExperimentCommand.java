package ai.lyceum.cli;

import ai.lyceum.env.feedback.CipherTeacher;
import ai.lyceum.env.feedback.GuidanceKind;
import ai.lyceum.env.guide.ReferenceTeacher;
import ai.lyceum.env.procedural.CipherEnvironment;
import ai.lyceum.policy.Policy;
import ai.lyceum.report.FeedbackReport;
import ai.lyceum.train.demo.FeedbackArm;
import ai.lyceum.train.demo.GuideDemo;
import ai.lyceum.train.model.ModelConfig;
import ai.lyceum.train.rl.FeedbackTrainer;
import ai.lyceum.train.rl.RlConfig;
import ai.lyceum.train.sft.SftConfig;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import java.util.stream.LongStream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code lyceum experiment feedback}: does a teacher's feedback on failed attempts make the student learn faster
 * without it? The student alone (GRPO) against the student in multi-turn feedback episodes, trained Guide-style
 * (retries under the plain prompt, importance-corrected) or by DPO on (failed attempt, successful retry) pairs, from
 * the demo's warm start on the cipher, over several seeds; held-out pass@1 of the unguided student against RL steps
 * and rollouts sampled.
 */
@Command(name = "feedback", mixinStandardHelpOptions = true,
        description = {"Teacher feedback (Agent-RLVR) vs the student alone on the cipher: GRPO, feedback with Guide-style IS",
                "updates and feedback with DPO, from one warm start over several seeds; writes report.md,",
                "learning_curves.png, metrics.csv and summary.json."})
final class FeedbackExperimentCommand implements Callable<Integer> {
    @Option(names = "--out", defaultValue = "runs/experiment-feedback", paramLabel = "DIR",
            description = "output directory (default: ${DEFAULT-VALUE}); replaced")
    Path out;

    @Option(names = "--seeds", defaultValue = "3", paramLabel = "N", description = "RL seeds per arm (default: ${DEFAULT-VALUE})")
    int seeds;

    @Option(names = "--steps", defaultValue = "60", paramLabel = "N", description = "RL steps per run (default: ${DEFAULT-VALUE})")
    int steps;

    @Option(names = "--arms", defaultValue = "grpo,feedback-is-g4,feedback-dpo-g4", split = ",", paramLabel = "A,B,...",
            description = "arms: grpo (the student alone), feedback-is and feedback-dpo, each with -gN for N episodes per"
                    + " prompt (default: the student alone's 8) and -aM for M attempts per episode (default 2)"
                    + " (default: ${DEFAULT-VALUE})")
    List<String> armNames;

    @Option(names = "--teacher", defaultValue = "positions", paramLabel = "KIND",
            description = "positions: error feedback, which positions of the failed attempt are right (the right letter"
                    + " where it was wrong); reference: a plan hint, the answer at the rare positions (default: ${DEFAULT-VALUE})")
    String teacherName;

    @Option(names = "--beta", defaultValue = "0.1", paramLabel = "B", description = "DPO β (default: ${DEFAULT-VALUE})")
    double beta;

    @Option(names = "--sft-steps", defaultValue = "400", paramLabel = "N", description = "warm-start updates (default: ${DEFAULT-VALUE})")
    int sftSteps;

    @Option(names = "--eval-every", defaultValue = "2", paramLabel = "N",
            description = "held-out evaluation interval in RL steps (default: ${DEFAULT-VALUE})")
    int evalEvery;

    private static final Pattern ARM = Pattern.compile("grpo|feedback-(is|dpo)(?:-g(\\d+))?(?:-a(\\d+))?");

    @Override
    public Integer call() throws Exception {
        if (seeds < 1 || steps < 1 || sftSteps < 1 || evalEvery < 1) {
            throw new IllegalArgumentException("--seeds, --steps, --sft-steps and --eval-every must be positive");
        }
        if (!armNames.contains("grpo")) throw new IllegalArgumentException("--arms must include grpo, the student alone");
        var environment = CipherEnvironment.standard();
        Policy teacher = switch (teacherName) {
            case "positions" -> new CipherTeacher();
            case "reference" -> new ReferenceTeacher();
            default -> throw new IllegalArgumentException("--teacher is positions or reference, was '" + teacherName + "'");
        };
        var kind = teacherName.equals("positions") ? GuidanceKind.ERROR : GuidanceKind.PLAN;
        var model = ModelConfig.tiny();
        var rl = RlConfig.defaults(RlConfig.Algorithm.GRPO, environment.maxTokens(), 1);
        var arms = armNames.stream().map(name -> arm(name, rl, environment, teacher, kind)).toList();
        Directories.deleteTree(out);
        var config = new GuideDemo.Config(model, SftConfig.defaults(sftSteps, 1), arms, steps, evalEvery,
                LongStream.rangeClosed(1, seeds).boxed().toList());
        String setting = setting(model, rl, teacher);
        System.out.println("Lyceum experiment feedback — does a teacher's feedback accelerate learning? " + setting);
        System.out.println();
        var result = DemoCommand.run("feedback", new GuideDemo(environment, config), config, out);
        Reports.finishExperiment(new FeedbackReport(result, setting), out, result.wallSeconds());
        return 0;
    }

    /** An arm by name: the student alone, or feedback with IS or DPO updates. */
    GuideDemo.Arm arm(String name, RlConfig grpo, CipherEnvironment environment, Policy teacher, GuidanceKind kind) {
        var m = ARM.matcher(name);
        if (!m.matches()) {
            throw new IllegalArgumentException("unknown arm '" + name + "'; arms are grpo, feedback-is and feedback-dpo, the"
                    + " latter two with optional -gN (episodes per prompt) and -aM (attempts per episode)");
        }
        if (name.equals("grpo")) return new GuideDemo.Arm(name, grpo);
        var update = m.group(1).equals("is") ? FeedbackTrainer.Update.IS : FeedbackTrainer.Update.DPO;
        int size = m.group(2) == null ? grpo.groupSize() : Integer.parseInt(m.group(2));
        int attempts = m.group(3) == null ? 2 : Integer.parseInt(m.group(3));
        return FeedbackArm.of(name, grpo.withGroups(grpo.promptsPerStep(), size), environment, teacher, kind,
                new FeedbackTrainer.Settings(update, attempts, beta));
    }

    private String setting(ModelConfig model, RlConfig rl, Policy teacher) {
        return String.format(Locale.ROOT, "Task: cipher (8-letter words under a secret letter substitution, 3–4 letters the"
                + " warm-start corpus got right only 25%% of the time; reward 1 for the exact answer). Feedback episodes: the"
                + " student attempts; on a failure the teacher (%s) answers and the student retries with it in context, up"
                + " to the arm's attempts. Model: %s (d_model %d, %d layers, %,d parameters), SFT %d updates of 128. RL: %d"
                + " steps of %d prompts, the student alone %d rollouts each (feedback arms: their -gN episodes), AdamW lr"
                + " %.0e, %d mini-batches, no KL; DPO β %.2f against the frozen warm start; held-out greedy pass@1 of the"
                + " unguided student on 512 words every %d steps; %d seeds; every arm (%s) sees the same prompts at each step.",
                teacher.describe(), model.name(), model.dModel(), model.nLayers(), model.parameterCount(), sftSteps, steps,
                rl.promptsPerStep(), rl.groupSize(), rl.lr(), rl.miniBatches(), beta, evalEvery, seeds, String.join(", ", armNames));
    }
}
