package ai.lyceum.train.sft;

import static org.assertj.core.api.Assertions.assertThat;

import ai.lyceum.env.Environments;
import ai.lyceum.env.procedural.ArithmeticEnvironment;
import ai.lyceum.env.procedural.CountdownEnvironment;
import ai.lyceum.env.procedural.ProceduralEnvironment;
import ai.lyceum.train.model.ModelConfig;
import ai.lyceum.train.model.Transformer;
import ai.lyceum.train.optim.AdamWSettings;
import ai.lyceum.train.optim.LrSchedule;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The new environments' warm-start corpora are learnable: a short SFT run on the tiny model lowers the loss. */
class WarmStartTest {
    private static final int STEPS = 60;

    @ParameterizedTest
    @ValueSource(strings = {ArithmeticEnvironment.NAME, CountdownEnvironment.NAME})
    void aShortSupervisedRunLowersTheLoss(String name) {
        var env = (ProceduralEnvironment) Environments.create(name, Optional.empty(), Environments.Options.defaults());
        var config = new SftConfig(STEPS, 16, new LrSchedule(3e-3, 10, STEPS, 0.1), AdamWSettings.DEFAULT, 0.3, 7);
        try (var model = Transformer.initialize(ModelConfig.tiny(), 1)) {
            var sft = new SftTrainer(model, env, config);
            double first = 0, last = 0;
            for (int i = 0; i < STEPS; i++) {
                double loss = sft.step(i).loss();
                if (i < 5) first += loss / 5;
                if (i >= STEPS - 5) last += loss / 5;
            }
            assertThat(first).isGreaterThan(4);
            assertThat(last).isLessThan(first / 2);
        }
    }
}
