package ai.lyceum.env.selfplay;

import ai.lyceum.env.Environment;
import ai.lyceum.env.Episode;
import ai.lyceum.env.Step;
import ai.lyceum.env.Trajectory;
import ai.lyceum.env.procedural.SftExample;
import ai.lyceum.policy.Completion;
import ai.lyceum.policy.Sampling;
import ai.lyceum.reward.RewardResult;
import ai.lyceum.task.Message;
import ai.lyceum.task.Task;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;

/**
 * A zero-sum two-player text game as a two-role environment: roles {@code player-0} and {@code player-1} act in
 * turn on their own observations, and the episode plays SPIRAL's game loop (../shared/data/selfplay/README.md):
 * each answer goes through {@link ActionExtraction} against the game's action list; the invalid sentinel ends the
 * game at once (training: offender -1.5, other +0.5; evaluation: -1 / +1); a move the game itself rejects ends it
 * with -1 / 0 (no retries: {@code error_allowance = 0}); a game still running after {@value #MAX_TURNS} moves is
 * truncated at 0 / 0; otherwise the winner gets +1, the loser -1 and a draw 0 each.
 *
 * <p>An illegal move is not a failure of the rollout (the game has a result and a reward); it is typed in each
 * role's diagnostics ({@code ended_by}, {@code invalid_move}), so the run store and reports can count it.
 */
public final class SelfPlayEnvironment implements Environment {
    public static final String PLAYER_0 = "player-0";
    public static final String PLAYER_1 = "player-1";
    public static final List<String> ROLES = List.of(PLAYER_0, PLAYER_1);
    /** SPIRAL's {@code max_turns}: total moves before a game is truncated. */
    public static final int MAX_TURNS = 50;
    /** Failure text kept in a diagnostic is cut to this many characters. */
    private static final int EXCERPT = 200;

    /** The games, by the reference's ids. */
    public enum Game {
        TICTACTOE("tictactoe-v0"), KUHN_POKER("kuhnpoker-v1");

        private final String id;

        Game(String id) { this.id = id; }

        /** The reference id, lower-cased: {@code tictactoe-v0}, {@code kuhnpoker-v1}. */
        public String id() { return id; }

        GameState newState(long dealSeed) {
            return switch (this) {
                case TICTACTOE -> new TicTacToe();
                case KUHN_POKER -> new KuhnPoker(dealSeed);
            };
        }
    }

    /** What an invalid-sentinel move costs its player and earns the other. */
    public enum Scoring {
        /** SPIRAL's training rewards: -1.5 for the offender, +0.5 for the other. */
        TRAINING(-1.5, 0.5),
        /** SPIRAL's evaluation: -1 for the offender, +1 for the opponent. */
        EVALUATION(-1, 1);

        final double offender;
        final double other;

        Scoring(double offender, double other) {
            this.offender = offender;
            this.other = other;
        }
    }

    /** How an episode ended; {@code ended_by} in each role's diagnostics. */
    public enum Ending {
        /** By the rules: a win or a draw. */
        RULES,
        /** A player's answer matched no action (the full-width invalid sentinel). */
        INVALID_ACTION,
        /** The game rejected a player's move (an empty answer, say). */
        REJECTED_MOVE,
        /** {@value #MAX_TURNS} moves without an end. */
        TRUNCATED;

        public String key() { return name().toLowerCase(Locale.ROOT); }
    }

    private final Game game;
    private final Layout layout;
    private final Scoring scoring;
    private final int games;
    private final long seed;
    private final Sampling sampling;
    private final int maxTurns;

    /**
     * @param games     how many games {@link #tasks()} holds (the evaluation set)
     * @param seed      the evaluation set's deals derive from it
     * @param maxTokens new tokens per move
     */
    public SelfPlayEnvironment(Game game, Layout layout, Scoring scoring, int games, long seed, int maxTokens) {
        this(game, layout, scoring, games, seed, maxTokens, MAX_TURNS);
    }

    /** @param maxTurns moves before truncation (tests shorten it; neither game runs that long) */
    SelfPlayEnvironment(Game game, Layout layout, Scoring scoring, int games, long seed, int maxTokens, int maxTurns) {
        this.maxTurns = maxTurns;
        if (games <= 0) throw new IllegalArgumentException("games must be positive, was " + games);
        this.game = game;
        this.layout = layout;
        this.scoring = scoring;
        this.games = games;
        this.seed = seed;
        this.sampling = Sampling.DEFAULT.withMaxTokens(maxTokens);
    }

    /** {@code tictactoe-v0}, or {@code tictactoe-v0-compact} in the tiny model's layout. */
    @Override
    public String name() { return nameOf(game, layout); }

    public static String nameOf(Game game, Layout layout) {
        return game.id() + (layout == Layout.COMPACT ? "-compact" : "");
    }

    public Game game() { return game; }

    public Layout layout() { return layout; }

    public Scoring scoring() { return scoring; }

    /** The same game and layout with other invalid-move rewards. */
    public SelfPlayEnvironment withScoring(Scoring s) {
        return new SelfPlayEnvironment(game, layout, s, games, seed, sampling.maxTokens().orElseThrow(), maxTurns);
    }

    @Override
    public List<String> roles() { return ROLES; }

    @Override
    public List<Task> tasks() {
        var out = new ArrayList<Task>(games);
        for (int i = 0; i < games; i++) out.add(task(String.format(Locale.ROOT, "%s-%06d", game.id(), i), seed * 1_000_003L + i));
        return out;
    }

    /** One game: its id, and the seed its deals (Kuhn's cards) come from. */
    public Task task(String id, long dealSeed) {
        var opening = game.newState(dealSeed);
        return new Task(id, prompt(opening, opening.currentPlayer()), Optional.empty(),
                Map.of("game", game.id(), "deal_seed", dealSeed));
    }

    private List<Message> prompt(GameState state, int player) {
        String observation = state.observation(player, layout);
        return List.of(Message.user(switch (layout) {
            // SPIRAL's qwen3 user turn; the chat template itself is the serving policy's business.
            case REFERENCE -> "You are playing a two-player zero-sum game. Make valid actions to win.\nObservation: "
                    + observation + "\nPlease reason step by step, and put your final answer within \\boxed{}.";
            case COMPACT -> observation;
        }));
    }

    /**
     * A format warm-start example: a position reached by random legal play, answered with a random legal action in
     * {@code \boxed{}}. A model trained on these plays legally and at random, which is where self-play starts.
     */
    public SftExample randomLegalMove(SplittableRandom random) {
        while (true) {
            GameState state = game.newState(random.nextLong());
            int moves = random.nextInt(9);
            for (int i = 0; i < moves && !state.over(); i++) {
                var actions = state.actions();
                state.play(actions.get(random.nextInt(actions.size())));
            }
            if (state.over()) continue;
            var actions = state.actions();
            String action = actions.get(random.nextInt(actions.size()));
            return new SftExample(prompt(state, state.currentPlayer()),
                    "\\boxed{" + action.substring(1, action.length() - 1) + "}", false);
        }
    }

    @Override
    public Episode start(Task task) {
        long dealSeed = task.metadata().get("deal_seed") instanceof Number n ? n.longValue() : task.id().hashCode();
        GameState state = game.newState(dealSeed);
        return new Episode() {
            private int moves;
            private Map<String, RewardResult> result;

            @Override
            public Step begin() { return act(); }

            private Step act() {
                int p = state.currentPlayer();
                return new Step.Act(ROLES.get(p), prompt(state, p), sampling);
            }

            @Override
            public Step advance(Completion completion) {
                int p = state.currentPlayer();
                String action = ActionExtraction.extract(completion.text(), state.actions());
                moves++;
                if (action.equals(ActionExtraction.INVALID)) {
                    double[] r = new double[2];
                    r[p] = scoring.offender;
                    r[1 - p] = scoring.other;
                    return finish(r, Ending.INVALID_ACTION, p, completion.text(), "no action matched the answer");
                }
                var rejected = state.play(action);
                if (rejected.isPresent()) {
                    double[] r = new double[2];
                    r[p] = -1; // TextArena's State with error_allowance 0: the offender loses, the other scores 0
                    return finish(r, Ending.REJECTED_MOVE, p, completion.text(), rejected.get());
                }
                if (state.over()) {
                    int[] r = state.rewards();
                    return finish(new double[] {r[0], r[1]}, Ending.RULES, -1, "", state.reason());
                }
                if (moves >= maxTurns) return finish(new double[2], Ending.TRUNCATED, -1, "", maxTurns + " moves");
                return act();
            }

            private Step finish(double[] rewards, Ending ending, int offender, String text, String reason) {
                result = new LinkedHashMap<>();
                for (int p = 0; p < 2; p++) {
                    var d = new LinkedHashMap<String, Object>();
                    d.put("game", game.id());
                    d.put("outcome", rewards[p] > rewards[1 - p] ? "win" : rewards[p] < rewards[1 - p] ? "loss" : "draw");
                    d.put("ended_by", ending.key());
                    d.put("invalid_move", p == offender);
                    d.put("moves", moves);
                    d.put("reason", reason);
                    if (p == offender) d.put("invalid_answer", excerpt(text));
                    result.put(ROLES.get(p), RewardResult.of(rewards[p], d));
                }
                return Step.DONE;
            }

            @Override
            public Map<String, RewardResult> score(Trajectory trajectory) {
                if (result == null) throw new IllegalStateException("the game " + task.id() + " is not over");
                return result;
            }
        };
    }

    private static String excerpt(String text) {
        String one = text.replaceAll("\\s+", " ").strip();
        return one.length() <= EXCERPT ? one : one.substring(0, EXCERPT) + "…";
    }
}
