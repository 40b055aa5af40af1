package ai.lyceum.reward.judge;

import static org.assertj.core.api.Assertions.assertThat;

import ai.lyceum.failure.Failure;
import ai.lyceum.policy.openai.OpenAiConfig;
import ai.lyceum.policy.openai.OpenAiPolicy;
import ai.lyceum.policy.openai.StubServer;
import ai.lyceum.reward.rubric.Aggregation;
import ai.lyceum.reward.rubric.Criterion;
import ai.lyceum.reward.rubric.CriterionOutcome;
import ai.lyceum.reward.rubric.Grading;
import ai.lyceum.reward.rubric.JudgeInput;
import ai.lyceum.reward.rubric.Rubric;
import ai.lyceum.reward.rubric.RubricScorer;
import ai.lyceum.reward.rubric.RubricWeighting;
import ai.lyceum.reward.rubric.Verdict;
import ai.lyceum.task.Message;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The LLM judge against a loopback server that follows the reply contract in various wrappings, or does not. */
class LlmJudgeTest {
    private static final Pattern CRITERION = Pattern.compile("Criterion: .*?want=(\\w+) style=(\\w+)");
    private final Map<String, Integer> calls = new ConcurrentHashMap<>();
    private StubServer stub;
    private OpenAiPolicy policy;

    /** The scripted judge: each criterion names the verdict it wants and how the reply is wrapped. */
    private String scripted(String user) {
        var m = CRITERION.matcher(user);
        if (!m.find()) return "I cannot find a criterion.";
        int n = calls.merge(m.group(0), 1, Integer::sum);
        var json = "{\"verdict\": \"" + m.group(1) + "\", \"explanation\": \"scripted\", \"confidence\": 0.9}";
        return switch (m.group(2)) {
            case "plain" -> json;
            case "fenced" -> "```json\n" + json + "\n```";
            case "prose" -> "Let me think {about it}. The response covers it.\n" + json + "\nHope this helps {really}.";
            case "garbageonce" -> n == 1 ? "Sure! The verdict is: satisfied-ish" : json;
            default -> "I refuse to answer in JSON.";
        };
    }

    private LlmJudge judge(Function<String, String> reply, double garbageRate, JudgeOptions options) throws Exception {
        stub = StubServer.start(new StubServer.Faults(Duration.ofMillis(2), 0, garbageRate, 0), reply, 11);
        policy = new OpenAiPolicy(OpenAiConfig.of(stub.baseUrl().toString(), "judge-model")
                .withRetries(6, Duration.ofMillis(1), Duration.ofMillis(5)));
        return new LlmJudge(policy, options, Optional.empty());
    }

    @AfterEach
    void stop() {
        if (policy != null) policy.close();
        if (stub != null) stub.close();
    }

    static Criterion criterion(String want, String style, double weight) {
        return Criterion.judged("", "Mentions X. want=" + want + " style=" + style, weight);
    }

    static JudgeInput input(Rubric rubric) {
        return new JudgeInput("line-1", List.of(Message.user("What about X?")), "X is covered here.", rubric,
                Optional.empty(), Map.of());
    }

    @Test
    void scoresRightWhateverTheWrappingAndRetriesUnparseableReplies() throws Exception {
        var judge = judge(this::scripted, 0.2, JudgeOptions.defaults());
        var rubric = new Rubric(List.of(
                criterion("satisfied", "plain", 5),
                criterion("partially_satisfied", "fenced", 3),
                criterion("not_satisfied", "prose", 2),
                criterion("satisfied", "garbageonce", -2),
                criterion("Satisfied", "prose", 1)));
        var r = new RubricScorer(judge, Aggregation.explicit(Grading.TERNARY), RubricWeighting.DATA_INTEGER).score(input(rubric));
        assertThat(r.failure()).isEmpty();
        assertThat(r.value()).isEqualTo((5 + 1.5 + 0 - 2 + 1) / 11.0);
        @SuppressWarnings("unchecked")
        var verdicts = (List<Map<String, Object>>) r.diagnostics().get("verdicts");
        assertThat(verdicts.getFirst()).containsEntry("explanation", "scripted").containsEntry("confidence", 0.9);
        assertThat(judge.counters()).containsKey("retry.unparseable_reply");
        assertThat(stub.served()).containsKey("garbage"); // transport-level garbage was retried by the policy
    }

    @Test
    void aReplyThatNeverParsesBecomesATypedFailureAfterTheRetries() throws Exception {
        var judge = judge(this::scripted, 0, JudgeOptions.defaults().withParseAttempts(3));
        var rubric = new Rubric(List.of(criterion("satisfied", "plain", 1), criterion("satisfied", "garbage", 1)));
        var outcomes = judge.grade(input(rubric), List.of(0, 1));
        assertThat(outcomes.get(0)).isInstanceOf(CriterionOutcome.Graded.class);
        var failed = (CriterionOutcome.Failed) outcomes.get(1);
        assertThat(failed.failure()).isInstanceOf(Failure.Unparseable.class);
        assertThat(failed.failure().detail()).contains("after 3 attempts").contains("I refuse");
        assertThat(calls.values()).contains(3);
        var r = new RubricScorer(judge, Aggregation.explicit(Grading.BINARY), RubricWeighting.DATA_INTEGER).score(input(rubric));
        assertThat(r.failure()).map(Failure::type).contains("parse");
    }

    @Test
    void batchedModeAsksOnceForAllCriteria() throws Exception {
        Function<String, String> batched = user -> "Here you go:\n```json\n{\"verdicts\": [{\"criterion\": 2, \"verdict\": \"not_satisfied\"},"
                + " {\"criterion\": 1, \"verdict\": \"partially_satisfied\", \"explanation\": \"half\"}]}\n```";
        var judge = judge(batched, 0, JudgeOptions.defaults().withMode(JudgeOptions.Mode.BATCHED));
        var rubric = new Rubric(List.of(criterion("x", "plain", 1), criterion("y", "plain", 1)));
        var outcomes = judge.grade(input(rubric), List.of(0, 1));
        assertThat(outcomes).extracting(o -> ((CriterionOutcome.Graded) o).verdict())
                .containsExactly(Verdict.PARTIALLY_SATISFIED, Verdict.NOT_SATISFIED);
        assertThat(((CriterionOutcome.Graded) outcomes.get(0)).details()).containsEntry("explanation", "half");
        assertThat(stub.served().get("200")).isEqualTo(1L);
    }

    @Test
    void anIncompleteBatchedReplyIsRetriedThenFailsEveryCriterion() throws Exception {
        var judge = judge(user -> "{\"verdicts\": [{\"criterion\": 1, \"verdict\": \"satisfied\"}]}", 0,
                JudgeOptions.defaults().withMode(JudgeOptions.Mode.BATCHED).withParseAttempts(2));
        var rubric = new Rubric(List.of(criterion("x", "plain", 1), criterion("y", "plain", 1)));
        var outcomes = judge.grade(input(rubric), List.of(0, 1));
        assertThat(outcomes).allMatch(o -> o instanceof CriterionOutcome.Failed f && f.failure() instanceof Failure.Unparseable);
        assertThat(stub.served().get("200")).isEqualTo(2L);
    }

    @Test
    void implicitRatingsAreReadFromFencedJsonAndNonIntegersAreRejected() throws Exception {
        var judge = judge(user -> user.contains("<rubrics>") ? "```json\n{\"rating\": 8}\n```" : "{\"rating\": 7.5}", 0,
                JudgeOptions.defaults().withParseAttempts(2));
        var rubric = new Rubric(List.of(criterion("x", "plain", 1)));
        var implicit = new RubricScorer(judge, new Aggregation.Implicit(Aggregation.RatingScale.MINUS_ONE_OVER_NINE),
                RubricWeighting.DATA_INTEGER).score(input(rubric));
        assertThat(implicit.value()).isEqualTo(7 / 9.0);
        var direct = new RubricScorer(judge, new Aggregation.DirectLikert(Aggregation.RatingScale.OVER_TEN),
                RubricWeighting.DATA_INTEGER).score(input(rubric));
        assertThat(direct.failure()).containsInstanceOf(Failure.Unparseable.class);
    }

    @Test
    void aServerThatIsDownIsATypedTransportFailure() throws Exception {
        var judge = judge(this::scripted, 0, JudgeOptions.defaults());
        stub.close();
        var outcome = judge.grade(input(new Rubric(List.of(criterion("satisfied", "plain", 1)))), List.of(0)).getFirst();
        assertThat(((CriterionOutcome.Failed) outcome).failure()).isInstanceOf(Failure.Connection.class);
    }
}
