package ai.lyceum.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SandboxProviderTest {
    @Test
    void findsBothBuiltInProvidersByName() {
        assertThat(SandboxProvider.named("bwrap")).isInstanceOf(BwrapSandboxProvider.class);
        assertThat(SandboxProvider.named("none")).isInstanceOf(NoSandboxProvider.class);
    }

    @Test
    void namesTheInstalledProvidersWhenTheWantedOneIsUnknown() {
        assertThatThrownBy(() -> SandboxProvider.named("docker"))
                .hasMessageContaining("no sandbox provider 'docker'").hasMessageContaining("bwrap").hasMessageContaining("none");
    }

    @Test
    void runsTrustedCodeWithoutIsolationUnderTheSameLimitsAndOutcomes() {
        try (var sandbox = SandboxProvider.named("none").open(SandboxLimits.DEFAULT.withOutputBytes(4), 1)) {
            assertThat(sandbox.run(ExecSpec.of(Language.PYTHON, "print(6 * 7)")).stdout().text()).isEqualTo("42\n");
            assertThat(sandbox.run(ExecSpec.of(Language.PYTHON, "print('too long')")).outcome())
                    .isEqualTo(ExecResult.Outcome.OUTPUT_CAPPED);
        }
    }

    @Test
    void rejectsFileNamesThatCouldEscapeTheWorkDirectory() {
        for (var name : List.of("../x.py", "/etc/x.py", "a/../../x.py", "")) {
            assertThatThrownBy(() -> new ExecSpec(Language.PYTHON, Map.of(name, ""), name, List.of(), ""))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(name);
        }
    }

    @Test
    void rejectsAMainFileThatIsNotAmongTheFiles() {
        assertThatThrownBy(() -> new ExecSpec(Language.PYTHON, Map.of("a.py", ""), "b.py", List.of(), ""))
                .hasMessageContaining("'b.py'");
    }

    @Test
    void rejectsLimitsThatCannotWork() {
        assertThatThrownBy(() -> SandboxLimits.DEFAULT.withProcesses(0)).hasMessageContaining("processes").hasMessageContaining("0");
        assertThatThrownBy(() -> SandboxLimits.DEFAULT.withMemoryBytes(1024)).hasMessageContaining("1024");
    }
}
