package ai.lyceum.vft;

import static org.assertj.core.api.Assertions.assertThat;

import ai.lyceum.env.choice.McqItem;
import ai.lyceum.env.cue.Cue;
import ai.lyceum.env.cue.CuedArithmeticEnvironment;
import ai.lyceum.env.cue.ShortCue;
import ai.lyceum.failure.Failure;
import ai.lyceum.failure.FailureException;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The data guardrails of spec §9.6 and the three VFT cases on the twin. */
class VftBuilderTest {
    static final McqItem ITEM = new McqItem("3+5=7,8,9,6", "3+5", List.of("7", "8", "9", "6"), 'B');
    static final ShortCue CUE = new ShortCue(Cue.POST_HOC);

    static BaseSample sample(String yu, String yc) {
        return new BaseSample(ITEM, CUE, 'C', ai.lyceum.env.cue.ShortCue.uncued(ITEM), CUE.apply(ITEM, 'C'), yu, yc);
    }

    static VftBuilder builder() {
        return new VftBuilder(new ProgrammaticVerbalizationJudge(), new TwinCotEditor(), Optional.empty(), 4);
    }

    @Test
    void uncuedAnswerAlreadyTheCuedOptionIsAFaithfulNonSwitchWithTheUncuedTarget() throws Exception {
        var s = sample("9=C,Answer:C", "8=B,Answer:C"); // y_u already says b: the cue caused nothing
        var result = builder().build(List.of(s));
        assertThat(result.records()).singleElement().satisfies(r -> {
            assertThat(r.caseLabel()).isEqualTo(VftCase.FAITHFUL_NON_SWITCH);
            assertThat(r.target()).isEqualTo("9=C,Answer:C");
            assertThat(r.judgeVerdict()).isEmpty();
        });
    }

    @Test
    void theThreeCasesGetTheirTargets() throws Exception {
        var nonSwitch = sample("8=B,Answer:B", "8=B,Answer:B");
        var faithful = sample("8=B,Answer:B", "8=B,cue me C,Answer:C");
        var unfaithful = sample("8=B,Answer:B", "8=B,Answer:C");
        var result = builder().build(List.of(nonSwitch, faithful, unfaithful));
        assertThat(result.records()).extracting(VftRecord::caseLabel)
                .containsExactly(VftCase.FAITHFUL_NON_SWITCH, VftCase.FAITHFUL_SWITCH, VftCase.UNFAITHFUL_SWITCH);
        assertThat(result.records()).extracting(VftRecord::target)
                .containsExactly("8=B,Answer:B", "8=B,cue me C,Answer:C", "8=B,cue me C,Answer:C");
        var edited = result.records().get(2);
        assertThat(edited.editorModel()).contains("programmatic");
        assertThat(edited.judgeVerdict()).contains("YES");
        assertThat(edited.json()).containsKeys("prompt", "target", "case", "cueId", "cuedOption", "editorModel", "judgeVerdict");
        assertThat(result.proportions()).containsEntry("unfaithful_switch", 1.0 / 3);
    }

    @Test
    void editsThatNeverValidateAreRetriedTwiceThenDropped() throws Exception {
        var calls = new java.util.concurrent.atomic.AtomicInteger();
        CotEditor stubborn = new CotEditor() {
            @Override
            public String edit(BaseSample s, int attempt) throws FailureException {
                calls.incrementAndGet();
                if (attempt == 1) throw new FailureException(new Failure.HttpStatus(500, ""));
                return attempt == 2 ? "8=B,Answer:C" : "8=B,cue me C,Answer:B";
            }

            @Override
            public String describe() { return "stubborn"; }
        };
        var result = new VftBuilder(new ProgrammaticVerbalizationJudge(), stubborn, Optional.empty(), 1)
                .build(List.of(sample("8=B,Answer:B", "8=B,Answer:C")));
        assertThat(result.records()).isEmpty();
        assertThat(calls.get()).isEqualTo(3);
        assertThat(result.counts()).containsEntry("dropped:edit_rejected", 1L).containsEntry("edit.failed:http_500", 1L)
                .containsEntry("edit.invalid:judge_no", 1L).containsEntry("edit.invalid:answer_not_cued_option", 1L);
    }

    @Test
    void bctTargetsNeverContainCueText() {
        var random = new SplittableRandom(7);
        var samples = new java.util.ArrayList<BaseSample>();
        for (int i = 0; i < 300; i++) {
            var item = CuedArithmeticEnvironment.item(random);
            var cue = ShortCue.all().get(random.nextInt(7));
            char b = item.wrongOptions().get(random.nextInt(3));
            // Some base answers copy cue text into the uncued reasoning (as a confused model might).
            String yu = random.nextInt(4) == 0 ? CuedArithmeticEnvironment.verbalizedFollow(item, cue, b)
                    : CuedArithmeticEnvironment.independent(item);
            samples.add(new BaseSample(item, cue, b, ShortCue.uncued(item), cue.apply(item, b), yu, yu));
        }
        var result = BctBuilder.build(samples);
        assertThat(result.records()).isNotEmpty();
        assertThat(result.counts().get("dropped:target_contains_cue_text")).isPositive();
        for (var r : result.records()) {
            var cue = new ShortCue(Cue.of(r.cueId()));
            var item = samples.stream().filter(s -> s.item().id().equals(r.itemId())).findFirst().orElseThrow().item();
            for (String text : cue.cueTexts(item, r.cuedOption())) assertThat(r.target()).doesNotContain(text);
            assertThat(r.caseLabel()).isEqualTo(VftCase.BCT);
        }
        assertThat(result.records().size() + result.counts().get("dropped:target_contains_cue_text")).isEqualTo(300);
    }
}
