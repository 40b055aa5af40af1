package ai.lyceum.train.propose;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

class RoleBaselinesTest {
    @Test
    void eachRewardIsComparedOnlyWithItsOwnTaskTypeAndRole() {
        // Proposers of arithmetic: 0.5 and −1.5 (mean −0.5, unbiased std √2): ±1/√2. Solvers of arithmetic: 1, 0, 0, 1
        // (mean 0.5, std √(1/3)): ±0.5·√3. A lone countdown proposer has nothing to compare with: 0.
        var batch = List.of(new RoleBaselines.Entry("arithmetic", "proposer", 0.5),
                new RoleBaselines.Entry("arithmetic", "solver", 1), new RoleBaselines.Entry("arithmetic", "proposer", -1.5),
                new RoleBaselines.Entry("arithmetic", "solver", 0), new RoleBaselines.Entry("arithmetic", "solver", 0),
                new RoleBaselines.Entry("arithmetic", "solver", 1), new RoleBaselines.Entry("countdown", "proposer", 0.3));
        double[] a = RoleBaselines.advantages(batch, true);
        double p = 1 / (Math.sqrt(2) + 1e-6), s = 0.5 / (Math.sqrt(1.0 / 3) + 1e-6);
        assertThat(a[0]).isCloseTo(p, within(1e-9));
        assertThat(a[2]).isCloseTo(-p, within(1e-9));
        assertThat(a[1]).isCloseTo(s, within(1e-9));
        assertThat(a[3]).isCloseTo(-s, within(1e-9));
        assertThat(a[6]).isZero();
        // Without the division (Dr. GRPO): reward minus the (task type, role) mean.
        assertThat(RoleBaselines.advantages(batch, false)[0]).isCloseTo(1.0, within(1e-12));
    }

    @Test
    void theCurriculumClimbsFromOneDigitToTheLongestOverTheRun() {
        assertThat(List.of(0, 9, 10, 29, 30, 59).stream().map(s -> TaskSource.curriculumLevel(s, 60, 6)).toList())
                .containsExactly(1, 1, 2, 3, 4, 6);
    }
}
