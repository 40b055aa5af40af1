package ai.lyceum.reward.judge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.lyceum.policy.openai.OpenAiConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JudgesTest {
    @TempDir
    Path dir;

    @Test
    void buildsEachJudgeTheOptionNames() throws Exception {
        var options = JudgeOptions.defaults();
        assertThat(Judges.fromSpec("replay", options, Optional.empty(), Optional.empty()).describe()).isEqualTo("replay:input");
        var file = Files.writeString(dir.resolve("g.jsonl"), "{\"id\": \"a\", \"verdicts\": [true]}\n");
        assertThat(Judges.fromSpec("replay:" + file, options, Optional.empty(), Optional.empty()).describe()).isEqualTo("replay:g.jsonl");
        try (var judge = Judges.fromSpec("openai", options, Optional.of(OpenAiConfig.of("http://127.0.0.1:9/v1", "m")), Optional.empty())) {
            assertThat(judge.describe()).isEqualTo("llm:openai:m/per_criterion");
        }
    }

    @Test
    void explainsWhatIsMissing() {
        var options = JudgeOptions.defaults();
        assertThatThrownBy(() -> Judges.fromSpec("openai", options, Optional.empty(), Optional.empty()))
                .hasMessageContaining("--judge-base-url");
        assertThatThrownBy(() -> Judges.fromSpec("oracle", options, Optional.empty(), Optional.empty()))
                .hasMessageContaining("expected openai, replay or replay:FILE");
        assertThat(JudgeOptions.Mode.parse("batched")).isEqualTo(JudgeOptions.Mode.BATCHED);
    }
}
