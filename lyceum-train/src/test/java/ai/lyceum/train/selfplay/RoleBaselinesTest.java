package ai.lyceum.train.selfplay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.lyceum.train.selfplay.RoleBaselines.Mode;
import ai.lyceum.train.selfplay.RoleBaselines.Order;
import org.junit.jupiter.api.Test;

/** RAE over a short sequence, every figure computed by hand with α = 0.95. */
class RoleBaselinesTest {
    private static final double EPS = 1e-12;

    @Test
    void readBeforeUpdateSubtractsTheBaselineThatHasNotSeenTheReturn() {
        var b = RoleBaselines.rae();
        // player-0 returns 1, -1, 1: b = 0 → A = 1, ema = 0.05; b = 0.05 → A = -1.05, ema = 0.0475 - 0.05 = -0.0025;
        // b = -0.0025 → A = 1.0025, ema = -0.002375 + 0.05 = 0.047625.
        assertThat(b.advantage("tictactoe-v0", "player-0", 1)).isCloseTo(1.0, within(EPS));
        assertThat(b.advantage("tictactoe-v0", "player-0", -1)).isCloseTo(-1.05, within(EPS));
        assertThat(b.advantage("tictactoe-v0", "player-0", 1)).isCloseTo(1.0025, within(EPS));
        assertThat(b.values().get("tictactoe-v0/player-0")).isCloseTo(0.047625, within(EPS));
    }

    @Test
    void updateThenReadSubtractsTheBaselineThatHasSeenIt() {
        var b = new RoleBaselines(Mode.RAE, Order.UPDATE_THEN_READ, 0.95);
        // ema = 0.05 → A = 0.95; ema = -0.0025 → A = -0.9975; ema = 0.047625 → A = 0.952375.
        assertThat(b.advantage("tictactoe-v0", "player-0", 1)).isCloseTo(0.95, within(EPS));
        assertThat(b.advantage("tictactoe-v0", "player-0", -1)).isCloseTo(-0.9975, within(EPS));
        assertThat(b.advantage("tictactoe-v0", "player-0", 1)).isCloseTo(0.952375, within(EPS));
    }

    @Test
    void eachGameAndRoleHasItsOwnBaselineUnderRae() {
        var b = RoleBaselines.rae();
        // Invalid-move rewards: player-1 offends (-1.5), player-0 gets +0.5.
        assertThat(b.advantage("tictactoe-v0", "player-0", 0.5)).isCloseTo(0.5, within(EPS)); // ema(p0) = 0.025
        assertThat(b.advantage("tictactoe-v0", "player-1", -1.5)).isCloseTo(-1.5, within(EPS)); // ema(p1) = -0.075
        assertThat(b.advantage("kuhnpoker-v1", "player-0", 1)).as("another game starts at 0").isCloseTo(1, within(EPS));
        assertThat(b.advantage("tictactoe-v0", "player-0", 1)).isCloseTo(0.975, within(EPS));
        assertThat(b.advantage("tictactoe-v0", "player-1", -1)).isCloseTo(-0.925, within(EPS));
    }

    @Test
    void theSharedAblationPoolsEveryRoleAndNoneSubtractsNothing() {
        var shared = new RoleBaselines(Mode.SHARED, Order.READ_THEN_UPDATE, 0.95);
        assertThat(shared.advantage("tictactoe-v0", "player-0", 1)).isCloseTo(1, within(EPS)); // ema = 0.05
        assertThat(shared.advantage("tictactoe-v0", "player-1", -1)).isCloseTo(-1.05, within(EPS)); // ema = -0.0025
        assertThat(shared.values()).containsOnlyKeys("shared");
        var none = new RoleBaselines(Mode.NONE, Order.READ_THEN_UPDATE, 0.95);
        assertThat(none.advantage("tictactoe-v0", "player-0", 1)).isEqualTo(1);
        assertThat(none.advantage("tictactoe-v0", "player-0", 0)).as("a draw keeps advantage 0: filtered").isZero();
        assertThat(none.values()).isEmpty();
    }
}
