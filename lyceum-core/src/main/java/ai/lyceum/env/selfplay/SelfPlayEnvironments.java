package ai.lyceum.env.selfplay;

import ai.lyceum.env.EnvironmentProvider;
import ai.lyceum.env.selfplay.SelfPlayEnvironment.Game;
import java.util.ArrayList;
import java.util.List;

/**
 * The self-play games in the registry, each in the reference layout (for LLMs) and the compact one (for the tiny
 * embedded model), scored as SPIRAL's evaluation scores them. Each has a fixed set of {@value #GAMES} games.
 */
public final class SelfPlayEnvironments implements EnvironmentProvider {
    static final int GAMES = 200;
    /** Reasoning models think before they answer; the compact layout's answer is a dozen bytes. */
    static final int REFERENCE_MAX_TOKENS = 4096, COMPACT_MAX_TOKENS = 16;

    @Override
    public List<Spec> environments() {
        var out = new ArrayList<Spec>();
        for (Game game : Game.values()) {
            for (Layout layout : Layout.values()) {
                String what = switch (game) {
                    case TICTACTOE -> "TicTacToe-v0 (TextArena rules), two roles player-0 ('O', moves first) and player-1 ('X')";
                    case KUHN_POKER -> "KuhnPoker-v1 (SPIRAL's 5-round Kuhn poker), two roles player-0 and player-1";
                };
                String how = layout == Layout.REFERENCE ? "; the reference prompt, \\boxed{} answers"
                        : "; compact prompt for the tiny embedded model";
                out.add(new Spec(SelfPlayEnvironment.nameOf(game, layout), what + how, (tasksFile, options) -> {
                    if (tasksFile.isPresent()) {
                        throw new IllegalArgumentException("environment '" + SelfPlayEnvironment.nameOf(game, layout)
                                + "' plays generated games; it takes no --tasks file");
                    }
                    return new SelfPlayEnvironment(game, layout, SelfPlayEnvironment.Scoring.EVALUATION, GAMES, 2026,
                            layout == Layout.REFERENCE ? REFERENCE_MAX_TOKENS : COMPACT_MAX_TOKENS);
                }));
            }
        }
        return out;
    }
}
