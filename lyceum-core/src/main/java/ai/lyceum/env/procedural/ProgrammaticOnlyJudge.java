package ai.lyceum.env.procedural;

import ai.lyceum.failure.Failure;
import ai.lyceum.reward.rubric.CriterionOutcome;
import ai.lyceum.reward.rubric.Judge;
import ai.lyceum.reward.rubric.JudgeInput;
import ai.lyceum.reward.rubric.RatingOutcome;
import java.util.ArrayList;
import java.util.List;

/**
 * The judge of an environment whose rubrics hold programmatic checks only: the scorer never needs it, so a
 * judged criterion that reaches it (a hand-edited task) fails as a typed value instead of calling a model.
 */
final class ProgrammaticOnlyJudge implements Judge {
    private final String environment;

    ProgrammaticOnlyJudge(String environment) { this.environment = environment; }

    @Override
    public String describe() { return "none:" + environment; }

    @Override
    public List<CriterionOutcome> grade(JudgeInput input, List<Integer> criteria) {
        var out = new ArrayList<CriterionOutcome>(criteria.size());
        for (int i : criteria) {
            out.add(new CriterionOutcome.Failed(new Failure.RewardError(environment + " has no judge; criterion "
                    + (i + 1) + " of " + input.id() + " is not a programmatic check")));
        }
        return out;
    }

    @Override
    public RatingOutcome rate(JudgeInput input, RatingKind kind) {
        return new RatingOutcome.Failed(new Failure.RewardError(environment + " has no judge to rate " + input.id()));
    }
}
