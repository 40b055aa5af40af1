package ai.lyceum.serve.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.offset;

import ai.lyceum.env.procedural.GuessNumberEnvironment;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The benchmark's bookkeeping on a small load; its speed is measured by {@code lyceum bench serve}, not here. */
class ServeBenchmarkTest {
    @Test
    void everySessionTakesItsStepsAndIsCountedWithThinkTimeOrWithout() throws Exception {
        for (var think : new Duration[] {Duration.ZERO, Duration.ofMillis(5)}) {
            var result = ServeBenchmark.sessions(new GuessNumberEnvironment(1, 10, 64),
                    new ServeBenchmark.Options(40, 10, 1, 1, Duration.ofSeconds(30), think, 1, 2));
            assertThat(result.lost()).as(result.lostReasons().toString()).isZero();
            // 1..1023 by binary search takes 10 guesses at worst, so every session resets at least once, and again
            // whenever it wins early.
            assertThat(result.resets()).isGreaterThanOrEqualTo(2 * 40).isLessThanOrEqualTo(2 * 40 * 10);
            assertThat(result.stepsPerSecond() * result.seconds()).isCloseTo(2 * 400, offset(0.5));
            assertThat(result.stepP99MsByRound()).hasSize(2);
            assertThat(result.step().p50Ms()).isPositive().isLessThanOrEqualTo(result.step().p99Ms());
        }
    }

    private static GuessingSession.Reply reply(String json) throws java.io.IOException {
        var bytes = json.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        return GuessingSession.Reply.read(bytes, 0, bytes.length);
    }

    @Test
    void aReplyIsReadForItsTypeDoneAndLastMessage() throws Exception {
        var step = reply("{\"type\":\"observation\",\"data\":{\"observation\":{\"messages\":["
                + "{\"role\":\"user\",\"content\":\"Guess\"},{\"role\":\"assistant\",\"content\":\"512\"},{\"role\":\"user\",\"content\":\"lower\"}],"
                + "\"role\":\"assistant\",\"task_id\":\"t\",\"reward_components\":{},\"failure\":null},\"reward\":null,\"done\":false}}");
        assertThat(step).isEqualTo(new GuessingSession.Reply("observation", false, "lower"));
        var end = reply("{\"type\":\"observation\",\"data\":{\"observation\":{\"messages\":[],\"role\":null,"
                + "\"failure\":{\"type\":\"parse\",\"detail\":\"done\"}},\"reward\":1.0,\"done\":true}}");
        assertThat(end).isEqualTo(new GuessingSession.Reply("observation", true, ""));
        assertThat(reply("{\"type\":\"error\",\"data\":{\"message\":\"m\",\"code\":\"CAPACITY_REACHED\"}}").type())
                .isEqualTo("error");
    }
}
