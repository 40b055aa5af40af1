package ai.lyceum.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.lyceum.policy.gold.GoldPolicy;
import ai.lyceum.policy.openai.OpenAiPolicy;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class PolicyOptionsTest {
    private static PolicyOptions parse(String... args) {
        var options = new PolicyOptions();
        new CommandLine(options).parseArgs(args);
        return options;
    }

    @Test
    void aSpecWithoutARolePlaysEveryRoleNotNamedAndOnePolicyServesEachDistinctSpec() throws Exception {
        try (var cast = parse("--policy", "gold", "--policy", "teacher=openai:big@http://127.0.0.1:9/v1",
                "--policy", "critic=openai:big@http://127.0.0.1:9/v1").createForRoles(List.of("assistant", "teacher", "critic"), 4)) {
            assertThat(cast.byRole().keySet()).containsExactly("assistant", "teacher", "critic");
            assertThat(cast.primary()).isInstanceOf(GoldPolicy.class);
            assertThat(cast.byRole().get("teacher")).isInstanceOf(OpenAiPolicy.class).isSameAs(cast.byRole().get("critic"));
            assertThat(cast.byRole().get("teacher").describe()).contains("big");
        }
    }

    @Test
    void everyRoleCanBeNamedAndTheSingleSpecFormStillWorks() throws Exception {
        try (var cast = parse("--policy", "player-0=gold", "--policy", "player-1=openai:m", "--base-url", "http://127.0.0.1:9/v1")
                .createForRoles(List.of("player-0", "player-1"), 1)) {
            assertThat(cast.primary()).isInstanceOf(GoldPolicy.class);
            assertThat(cast.byRole().get("player-1").describe()).contains("m");
        }
        assertThat(parse("--policy", "gold").create(1)).isInstanceOf(GoldPolicy.class);
    }

    @Test
    void mistakesAreNamed() {
        assertThatThrownBy(() -> parse("--policy", "referee=gold").createForRoles(List.of("assistant"), 1))
                .hasMessageContaining("referee").hasMessageContaining("assistant");
        assertThatThrownBy(() -> parse("--policy", "teacher=gold").createForRoles(List.of("assistant", "teacher"), 1))
                .hasMessageContaining("no --policy for role 'assistant'");
        assertThatThrownBy(() -> parse("--policy", "gold", "--policy", "openai").createForRoles(List.of("assistant"), 1))
                .hasMessageContaining("more than one --policy without a ROLE=");
        assertThatThrownBy(() -> parse("--policy", "a=gold", "--policy", "a=gold").createForRoles(List.of("a"), 1))
                .hasMessageContaining("twice");
        assertThatThrownBy(() -> parse("--policy", "t=openai:m").createForRoles(List.of("t"), 1))
                .hasMessageContaining("--base-url");
        assertThatThrownBy(() -> parse("--policy", "t=openai:").createForRoles(List.of("t"), 1))
                .hasMessageContaining("names no model");
    }
}
