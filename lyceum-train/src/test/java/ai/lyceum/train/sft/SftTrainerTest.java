package ai.lyceum.train.sft;

import static org.assertj.core.api.Assertions.assertThat;

import ai.lyceum.env.procedural.CipherEnvironment;
import ai.lyceum.env.procedural.SftExample;
import ai.lyceum.train.model.ByteTokenizer;
import ai.lyceum.train.model.ModelConfig;
import ai.lyceum.train.model.Transformer;
import java.util.List;
import org.junit.jupiter.api.Test;

class SftTrainerTest {
    private final CipherEnvironment env = CipherEnvironment.standard();

    @Test
    void theLossFallsOnTheWarmStartCorpus() {
        try (var model = Transformer.initialize(ModelConfig.tiny(), 1)) {
            var sft = new SftTrainer(model, env, SftConfig.defaults(80, 2));
            double first = sft.step(0).loss(), last = first;
            for (int i = 1; i < 80; i++) last = sft.step(i).loss();
            assertThat(first).isGreaterThan(4);
            assertThat(last).isLessThan(first / 2);
        }
    }

    @Test
    void onlyTheCompletionAndItsEosAreTargets() {
        try (var model = Transformer.initialize(ModelConfig.tiny(), 1)) {
            var example = new SftExample(List.of(ai.lyceum.task.Message.user("abcdefgh=")), "zyxwvuts", false);
            double loss = new SftTrainer(model, env, SftConfig.defaults(1, 1)).train(List.of(example)).loss();
            // Before the update, the loss is the mean NLL of the 8 answer bytes and EOS after the prompt.
            try (var fresh = Transformer.initialize(ModelConfig.tiny(), 1)) {
                int[] prompt = ai.lyceum.train.policy.PromptFormat.RAW.render(example.prompt());
                int[] answer = java.util.Arrays.copyOf(ByteTokenizer.encode("zyxwvuts"), 9);
                answer[8] = ByteTokenizer.EOS;
                double nll = 0;
                for (double lp : fresh.logprobs(prompt, answer)) nll -= lp;
                assertThat(loss).isCloseTo(nll / 9, org.assertj.core.api.Assertions.within(1e-4));
            }
        }
    }
}
