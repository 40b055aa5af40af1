package ai.lyceum.train.selfplay;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The advantage of a seat's return in self-play: SPIRAL's role-conditioned advantage estimation (RAE) and the two
 * ablations the paper's claim rests on. RAE keeps an exponential moving average of the return per (game, role),
 * decay α = 0.95, starting at 0, and subtracts it. The reference code reads the baseline before folding in the new
 * return ({@code b = ema; ema ← α·ema + (1−α)·R; A = R − b}); the paper's notation updates first. Not thread-safe:
 * the trainer feeds returns in game order.
 */
public final class RoleBaselines {
    /** SPIRAL's decay. */
    public static final double ALPHA = 0.95;

    /** Which returns share a baseline. */
    public enum Mode {
        /** One baseline per (game, role): RAE. */
        RAE,
        /** One baseline for every game and role: the ablation "shared". */
        SHARED,
        /** No baseline: the advantage is the return. */
        NONE;

        public String key() { return name().toLowerCase(Locale.ROOT); }

        public static Mode parse(String s) {
            for (Mode m : values()) if (m.key().equals(s.toLowerCase(Locale.ROOT))) return m;
            throw new IllegalArgumentException("unknown baseline '" + s + "'; known: rae, shared, none");
        }
    }

    /** When the baseline takes in the return it is subtracted from. */
    public enum Order {
        /** The reference code: read, then update (the baseline never contains the return it judges). */
        READ_THEN_UPDATE,
        /** The paper's notation: update, then read. */
        UPDATE_THEN_READ
    }

    private final Mode mode;
    private final Order order;
    private final double alpha;
    private final Map<String, Double> ema = new LinkedHashMap<>();

    public RoleBaselines(Mode mode, Order order, double alpha) {
        if (!(alpha >= 0 && alpha < 1)) throw new IllegalArgumentException("alpha must be in [0, 1), was " + alpha);
        this.mode = mode;
        this.order = order;
        this.alpha = alpha;
    }

    /** RAE as the reference code does it: per (game, role), α 0.95, read before update. */
    public static RoleBaselines rae() { return new RoleBaselines(Mode.RAE, Order.READ_THEN_UPDATE, ALPHA); }

    public Mode mode() { return mode; }

    /** {@code reward} less the baseline of (game, role), which then takes the reward in. */
    public double advantage(String game, String role, double reward) {
        if (mode == Mode.NONE) return reward;
        String key = mode == Mode.RAE ? game + "/" + role : "shared";
        double before = ema.getOrDefault(key, 0.0);
        double after = alpha * before + (1 - alpha) * reward;
        ema.put(key, after);
        return reward - (order == Order.READ_THEN_UPDATE ? before : after);
    }

    /** The current baselines by key ({@code tictactoe-v0/player-0}, or {@code shared}). */
    public Map<String, Double> values() { return Map.copyOf(ema); }
}
