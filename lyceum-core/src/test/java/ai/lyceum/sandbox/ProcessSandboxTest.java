package ai.lyceum.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** How raw process endings are read into outcomes, including the ones real runs cannot provoke on demand. */
class ProcessSandboxTest {
    private static OutputCapture.Captured bytes(String text) {
        var raw = text.getBytes(StandardCharsets.UTF_8);
        return new OutputCapture.Captured(raw, raw.length);
    }

    private static ExecResult interpret(int exit, String stderr, boolean timedOut, boolean started) {
        var raw = new ProcessRunner.Raw(exit, bytes(""), bytes(stderr), timedOut, started, Duration.ofMillis(5));
        return ProcessSandbox.interpret(raw, Language.PYTHON, SandboxLimits.DEFAULT);
    }

    @Test
    void blamesTheSandboxWhenTheProgramNeverStarted() {
        var result = interpret(1, "bwrap: Can't mount proc on /newroot/proc: Operation not permitted", false, false);
        assertThat(result.outcome()).isEqualTo(ExecResult.Outcome.SANDBOX_ERROR);
        assertThat(result.detail()).contains("Can't mount proc");
    }

    @Test
    void putsTheDeadlineBeforeEveryOtherEnding() {
        assertThat(interpret(137, "MemoryError", true, true).outcome()).isEqualTo(ExecResult.Outcome.TIMEOUT);
    }

    @Test
    void recognisesTheCpuLimitSignal() {
        var result = interpret(128 + 24, "", false, true);
        assertThat(result.outcome()).isEqualTo(ExecResult.Outcome.LIMIT_EXCEEDED);
        assertThat(result.detail()).contains("CPU time limit of 10 s");
    }

    @Test
    void namesTheSignalOfAProgramKilledOtherwise() {
        var result = interpret(128 + 11, "", false, true);
        assertThat(result.outcome()).isEqualTo(ExecResult.Outcome.NONZERO_EXIT);
        assertThat(result.detail()).isEqualTo("killed by signal 11");
    }

    @Test
    void treatsACleanExitAsOk() {
        var result = interpret(0, "a warning", false, true);
        assertThat(result.outcome()).isEqualTo(ExecResult.Outcome.OK);
        assertThat(result.detail()).isEmpty();
    }
}
