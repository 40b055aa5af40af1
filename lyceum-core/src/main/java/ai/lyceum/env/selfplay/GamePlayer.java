package ai.lyceum.env.selfplay;

import ai.lyceum.failure.Failure;
import ai.lyceum.failure.FailureException;
import ai.lyceum.policy.Completion;
import ai.lyceum.policy.GenerationRequest;
import ai.lyceum.policy.Policy;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;

/**
 * A programmatic opponent for evaluations: it reads the same observation a model gets (either layout) and answers
 * {@code \boxed{action}}. Its random choices come from the request's sampling seed, which the rollout engine derives
 * from the run seed, task and turn, so a game replays exactly.
 */
public abstract sealed class GamePlayer implements Policy permits GamePlayer.Random, MinimaxPlayer, KuhnEquilibriumPlayer {
    /** The action this player takes on {@code observation}, without brackets ({@code 4}, {@code check}). */
    abstract Optional<String> choose(String observation, SplittableRandom random);

    @Override
    public final Completion generate(GenerationRequest request) throws FailureException {
        String observation = request.messages().getLast().content();
        var random = new SplittableRandom(request.sampling().seed().orElse(observation.hashCode()));
        var action = choose(observation, random);
        if (action.isEmpty()) {
            throw new FailureException(new Failure.PolicyError(describe() + " cannot read a game state in the observation of "
                    + request.task().id()));
        }
        return Completion.ofText("\\boxed{" + action.get() + "}");
    }

    /** The actions an observation offers, without brackets: free cells of a TicTacToe board, or Kuhn's legal bets. */
    static List<String> offered(String observation) {
        var board = TicTacToe.parseBoard(observation);
        if (board.isPresent()) {
            var out = new ArrayList<String>();
            for (int i = 0; i < 9; i++) if (board.get()[i] == ' ') out.add(Integer.toString(i));
            return out;
        }
        return KuhnPoker.parseView(observation).map(v -> KuhnPoker.legal(v.history())).orElse(List.of());
    }

    /** Plays a uniformly random legal action: the "random agent" of SPIRAL's evaluation. */
    public static final class Random extends GamePlayer {
        @Override
        Optional<String> choose(String observation, SplittableRandom random) {
            var actions = offered(observation);
            return actions.isEmpty() ? Optional.empty() : Optional.of(actions.get(random.nextInt(actions.size())));
        }

        @Override
        public String describe() { return "random-player"; }
    }
}
