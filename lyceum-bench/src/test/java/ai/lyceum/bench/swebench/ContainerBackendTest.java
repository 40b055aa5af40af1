package ai.lyceum.bench.swebench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

class ContainerBackendTest {
    @Test
    void withoutARunningEngineItFailsAtOnceNamingWhatToInstall() {
        Assumptions.assumeTrue(ContainerBackend.availableEngine().isEmpty(), "a container engine is running here");
        long start = System.nanoTime();
        assertThatThrownBy(() -> ContainerBackend.detect(ContainerBackend.Limits.DEFAULT))
                .isInstanceOf(ContainerBackend.EngineUnavailable.class)
                .hasMessageContaining("apt-get install docker.io").hasMessageContaining("podman");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(45));
    }

    @Test
    void patchApplicationIsReadFromTheEntryScriptOutput() {
        var ok = "HEAD is now at abc\nChecking patch calc.py...\nApplied patch calc.py cleanly.\n";
        var bad = "Checking patch calc.py...\nerror: patch failed: calc.py:1\nerror: calc.py: patch does not apply\n";
        assertThat(ContainerBackend.patchApplied(ok, "diff --git a/calc.py b/calc.py")).isTrue();
        assertThat(ContainerBackend.patchApplied(bad, "diff --git a/calc.py b/calc.py")).isFalse();
        assertThat(ContainerBackend.patchApplied("error: No valid patches in input\n", "")).isFalse();
    }

    @Test
    void entryscriptFollowsTheOfficialStepsAndRunsOnlyTheLastSetupLine() {
        var base = "a".repeat(40);
        var sol = "b".repeat(40);
        var instance = new SweProInstance("instance_o__r-" + sol, "o/r", base, "", "", "", "", "", "go", "", "", "[]", "[]",
                "git reset --hard " + base + "\ngit clean -fd \ngit checkout " + sol + " -- a_test.go", "['TestA', 'TestB/x,_y']", "");
        var script = ContainerBackend.entryscript(instance, List.of("FROM golang:1.22", "ENV GOFLAGS=-mod=mod", "RUN true"));
        assertThat(script).isEqualTo("export GOFLAGS=-mod=mod\ncd /app\ngit reset --hard " + base + "\ngit checkout " + base
                + "\ngit apply -v /workspace/patch.diff\ngit checkout " + sol + " -- a_test.go\n"
                + "bash /workspace/run_script.sh TestA,TestB/x,_y > /workspace/stdout.log 2> /workspace/stderr.log\n"
                + "python /workspace/parser.py /workspace/stdout.log /workspace/stderr.log /workspace/output.json\n");
        assertThat(instance.imageRef()).isEqualTo("jefzda/sweap-images:o.r-o__r-" + sol);
        assertThat(instance.selectionSplitByCommas()).containsExactly("TestB/x,_y");
        assertThat(ContainerBackend.envWarnings(List.of("ENV A=1", "ENV LANG C.UTF-8", "ENV B=1 \\"))).hasSize(2);
    }
}
