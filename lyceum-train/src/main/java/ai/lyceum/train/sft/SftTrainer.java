package ai.lyceum.train.sft;

import ai.lyceum.env.procedural.ProceduralEnvironment;
import ai.lyceum.env.procedural.SftExample;
import ai.lyceum.train.model.ByteTokenizer;
import ai.lyceum.train.model.Transformer;
import ai.lyceum.train.optim.StepStats;
import ai.lyceum.train.optim.TrainingStep;
import ai.lyceum.train.policy.PromptFormat;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Supervised fine-tuning on an environment's warm-start corpus: next-token cross-entropy on the completion
 * tokens only (the prompt is context, not a target), prompts in {@link PromptFormat#RAW} as procedural
 * environments are served. Examples are generated afresh per step from the seed.
 */
public final class SftTrainer {
    private final Transformer model;
    private final ProceduralEnvironment environment;
    private final SftConfig config;
    private final TrainingStep update;

    /** Trains only on examples the caller brings to {@link #train} (a self-play game's format warm start, say). */
    public SftTrainer(Transformer model, SftConfig config) { this(model, null, config); }

    public SftTrainer(Transformer model, ProceduralEnvironment environment, SftConfig config) {
        this.model = model;
        this.environment = environment;
        this.config = config;
        this.update = new TrainingStep(model, config.adam(), config.schedule(), 1.0);
    }

    public SftConfig config() { return config; }

    /** The optimiser, whose state a checkpoint keeps. */
    public TrainingStep optimizer() { return update; }

    /** Update number {@code step} on a fresh batch. */
    public StepStats step(int step) {
        if (environment == null) throw new IllegalStateException("no environment to draw examples from; call train(examples)");
        var random = new SplittableRandom(config.seed() * 1_000_003L + step);
        var examples = new ArrayList<SftExample>(config.batch());
        for (int i = 0; i < config.batch(); i++) {
            examples.add(environment.sftExample(random, random.nextDouble() < config.guidedFraction()));
        }
        return train(examples);
    }

    /** One update on the given examples. */
    public StepStats train(List<SftExample> examples) {
        var prompts = new ArrayList<int[]>(examples.size());
        var completions = new ArrayList<int[]>(examples.size());
        int width = 0;
        for (SftExample e : examples) {
            int[] p = PromptFormat.RAW.render(e.prompt());
            int[] c = ByteTokenizer.encodeWithEos(e.completion());
            prompts.add(p);
            completions.add(c);
            width = Math.max(width, p.length + c.length);
        }
        if (width > model.config().maxSeqLen()) {
            throw new IllegalArgumentException("an example of " + width + " tokens exceeds maxSeqLen " + model.config().maxSeqLen());
        }
        int[][] tokens = new int[examples.size()][width];
        float[][] mask = new float[examples.size()][width];
        for (int r = 0; r < examples.size(); r++) {
            Arrays.fill(tokens[r], ByteTokenizer.PAD);
            int[] p = prompts.get(r), c = completions.get(r);
            System.arraycopy(p, 0, tokens[r], 0, p.length);
            System.arraycopy(c, 0, tokens[r], p.length, c.length);
            Arrays.fill(mask[r], p.length, p.length + c.length, 1f);
        }
        return update.nextToken(tokens, mask);
    }
}
