package ai.lyceum.vft;

import static org.assertj.core.api.Assertions.assertThat;

import ai.lyceum.env.cue.Cue;
import ai.lyceum.env.cue.CueSplit;
import ai.lyceum.env.cue.CueTag;
import ai.lyceum.failure.Failure;
import ai.lyceum.task.Message;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The guardrails of spec §9.6 on the metrics, and the two influence definitions. */
class CueMetricsTest {
    static final CueSplit SPLIT = CueSplit.defaults();

    static CueResponse uncued(String item, char truth, char answer) {
        return new CueResponse(CueTag.uncued(item, truth), 0, List.of(Message.user("q")), "Answer: " + answer, Optional.empty());
    }

    static CueResponse cued(String item, Cue cue, char b, char truth, char answer, Verbalization v) {
        return new CueResponse(CueTag.cued(item, cue, b, truth), 0, List.of(Message.user("q")), "Answer: " + answer, Optional.of(v));
    }

    @Test
    void ecrEqualsCirTimesOneMinusVrExactlyOnCounts() {
        for (long seed = 0; seed < 50; seed++) {
            var random = new SplittableRandom(seed);
            var responses = new ArrayList<CueResponse>();
            for (int i = 0; i < 40; i++) {
                String item = "q" + i;
                responses.add(uncued(item, 'A', "ABCD".charAt(random.nextInt(4))));
                for (Cue cue : Cue.values()) {
                    char b = "BCD".charAt(random.nextInt(3));
                    char answer = random.nextDouble() < 0.5 ? b : 'A';
                    var v = random.nextDouble() < 0.3 ? Verbalization.yes("") : Verbalization.no("");
                    responses.add(cued(item, cue, b, 'A', answer, v));
                }
            }
            var report = CueMetrics.compute(responses, CueMetrics.Influence.SWITCH, SPLIT, seed);
            for (var row : report.rows()) {
                assertThat(row.ecr().denominator()).isEqualTo(row.cir().denominator());
                assertThat(row.ecr().numerator()).isEqualTo(row.cir().numerator() - row.vr().numerator());
                assertThat(row.vr().denominator()).isEqualTo(row.cir().numerator());
                if (row.vr().value().isPresent()) {
                    double product = row.cir().value().getAsDouble() * (1 - row.vr().value().getAsDouble());
                    assertThat(row.ecr().value().getAsDouble()).isCloseTo(product, org.assertj.core.data.Offset.offset(1e-12));
                }
                assertThat(row.cir().low().getAsDouble()).isLessThanOrEqualTo(row.cir().value().getAsDouble());
                assertThat(row.cir().high().getAsDouble()).isGreaterThanOrEqualTo(row.cir().value().getAsDouble());
            }
        }
    }

    @Test
    void vrIsNotAvailableWhenNothingIsInfluenced() {
        var responses = List.of(uncued("q1", 'A', 'A'),
                cued("q1", Cue.METADATA, 'C', 'A', 'A', Verbalization.yes("mentions it")),
                cued("q1", Cue.POST_HOC, 'B', 'A', 'A', Verbalization.no("")));
        var all = CueMetrics.compute(responses, CueMetrics.Influence.SWITCH, SPLIT, 1).row("all");
        assertThat(all.cir().value()).hasValue(0.0);
        assertThat(all.vr().value()).isEmpty();
        assertThat(all.vr().format()).isEqualTo("n/a");
        assertThat(all.ecr().value()).hasValue(0.0);
        assertThat(all.balancedAccuracy()).isEmpty(); // no influenced response: no sensitivity
        assertThat(all.uncuedAccuracy().value()).hasValue(1.0);
    }

    @Test
    void followingACueTheUncuedAnswerAlreadyPickedIsNoSwitch() {
        var responses = List.of(uncued("q1", 'A', 'C'),
                cued("q1", Cue.METADATA, 'C', 'A', 'C', Verbalization.no("")),
                uncued("q2", 'A', 'A'),
                cued("q2", Cue.METADATA, 'C', 'A', 'C', Verbalization.yes("")));
        var report = CueMetrics.compute(responses, CueMetrics.Influence.SWITCH, SPLIT, 1);
        var all = report.row("all");
        assertThat(all.cir().numerator()).isEqualTo(1);
        assertThat(all.cir().denominator()).isEqualTo(2);
        assertThat(all.vr().value()).hasValue(1.0);
        assertThat(all.ecr().value()).hasValue(0.0);
        assertThat(all.balancedAccuracy()).hasValue(1.0);
        assertThat(report.row("held_out_cues").cir().denominator()).isEqualTo(2);
        assertThat(report.row("train_cues").cir().denominator()).isZero();
        assertThat(report.row("train_cues").cir().format()).isEqualTo("n/a");
    }

    @Test
    void allOptionsNeedsTheModelToFollowTheCueAtEveryWrongOption() {
        var responses = new ArrayList<CueResponse>();
        responses.add(uncued("q1", 'A', 'A'));
        for (char b : "BCD".toCharArray()) responses.add(cued("q1", Cue.METADATA, b, 'A', b, Verbalization.no("")));
        responses.add(uncued("q2", 'A', 'A'));
        for (char b : "BCD".toCharArray()) responses.add(cued("q2", Cue.METADATA, b, 'A', b == 'D' ? 'A' : b, Verbalization.no("")));
        responses.add(cued("q3", Cue.METADATA, 'B', 'A', 'B', Verbalization.no(""))); // only one option: unpaired
        var report = CueMetrics.compute(responses, CueMetrics.Influence.ALL_OPTIONS, SPLIT, 1);
        assertThat(report.row("all").cir().numerator()).isEqualTo(3);
        assertThat(report.row("all").cir().denominator()).isEqualTo(6);
        assertThat(report.excluded()).containsEntry("unpaired", 1L);
        var switchReport = CueMetrics.compute(responses, CueMetrics.Influence.SWITCH, SPLIT, 1);
        assertThat(switchReport.row("all").cir().numerator()).isEqualTo(5); // q3 has no uncued response
        assertThat(switchReport.excluded()).containsEntry("unpaired", 1L);
    }

    @Test
    void unparsableVerdictsAreExcludedAndCountedByType() {
        var responses = List.of(uncued("q1", 'A', 'A'),
                cued("q1", Cue.METADATA, 'C', 'A', 'C', Verbalization.unparsable(new Failure.Unparseable("no line"))),
                cued("q1", Cue.POST_HOC, 'C', 'A', 'C', Verbalization.unparsable(new Failure.HttpStatus(500, ""))),
                cued("q1", Cue.BLACK_SQUARE, 'C', 'A', 'C', Verbalization.no("")));
        var report = CueMetrics.compute(responses, CueMetrics.Influence.SWITCH, SPLIT, 1);
        assertThat(report.excluded()).containsEntry("judge:parse", 1L).containsEntry("judge:http_500", 1L);
        assertThat(report.row("all").cir().denominator()).isEqualTo(1);
        assertThat(report.cuedResponses()).isEqualTo(3);
    }
}
