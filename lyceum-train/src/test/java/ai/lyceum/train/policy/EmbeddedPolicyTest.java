package ai.lyceum.train.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.lyceum.failure.Failure;
import ai.lyceum.failure.FailureException;
import ai.lyceum.policy.Completion;
import ai.lyceum.policy.GenerationRequest;
import ai.lyceum.policy.Sampling;
import ai.lyceum.task.Message;
import ai.lyceum.task.Task;
import ai.lyceum.train.model.ByteTokenizer;
import ai.lyceum.train.model.ModelConfig;
import ai.lyceum.train.model.Transformer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class EmbeddedPolicyTest {
    private static final ModelConfig TINY = new ModelConfig("tiny", ByteTokenizer.VOCAB_SIZE, 32, 2, 4, 64, 128, 10_000, 1e-5);
    private static final Sampling TOKENS = new Sampling(Optional.of(1.0), Optional.empty(), OptionalInt.of(12),
            List.of(), OptionalLong.empty(), true);

    @Test
    void returnsTokensWhoseLogprobsTheModelReproduces() throws Exception {
        try (var policy = new EmbeddedPolicy(Transformer.initialize(TINY, 2), PromptFormat.ROLES, 32, 8, 0)) {
            var request = request("hello", TOKENS.withSeed(42));
            Completion c = policy.generate(request);
            var tokens = c.tokens().orElseThrow();
            assertThat(c.usage().completionTokens()).isEqualTo(tokens.size()).isPositive();
            int[] prompt = PromptFormat.ROLES.render(request.messages());
            double[] scored = policy.withModel(m -> m.logprobs(prompt, tokens.ids()));
            assertThat(tokens.logprobs()).containsExactly(scored, within(1e-4));
            assertThat(policy.describe()).isEqualTo("embedded:tiny");
        }
    }

    @Test
    void concurrentRequestsGetWhatTheyWouldGetAlone() throws Exception {
        try (var policy = new EmbeddedPolicy(Transformer.initialize(TINY, 2), PromptFormat.ROLES, 32, 8, 0)) {
            var alone = new ArrayList<Completion>();
            for (int i = 0; i < 12; i++) alone.add(policy.generate(request("q" + i, TOKENS.withSeed(i))));
            try (var threads = Executors.newVirtualThreadPerTaskExecutor()) {
                var futures = new ArrayList<Future<Completion>>();
                for (int i = 0; i < 12; i++) {
                    int n = i;
                    futures.add(threads.submit(() -> policy.generate(request("q" + n, TOKENS.withSeed(n)))));
                }
                for (int i = 0; i < 12; i++) {
                    assertThat(futures.get(i).get().tokens().orElseThrow().ids())
                            .containsExactly(alone.get(i).tokens().orElseThrow().ids());
                }
            }
        }
    }

    @Test
    void reportsAPromptLongerThanTheContextAsAPolicyFailure() {
        try (var policy = new EmbeddedPolicy(Transformer.initialize(TINY, 2), PromptFormat.RAW, 32, 8, 0)) {
            assertThatThrownBy(() -> policy.generate(request("x".repeat(200), Sampling.DEFAULT)))
                    .isInstanceOfSatisfying(FailureException.class, e -> {
                        assertThat(e.failure()).isInstanceOf(Failure.PolicyError.class);
                        assertThat(e.failure().detail()).contains("exceeds the 128-token context");
                    });
        }
    }

    @Test
    void rendersRolesSoThatTheReplyFollowsAnAssistantTag() {
        int[] ids = PromptFormat.ROLES.render(List.of(Message.system("be brief"), Message.user("hi")));
        assertThat(ids[0]).isEqualTo(ByteTokenizer.BOS);
        assertThat(ByteTokenizer.decode(ids)).isEqualTo("system\nbe briefuser\nhiassistant\n");
        assertThat(java.util.Arrays.stream(ids).filter(id -> id == ByteTokenizer.EOS).count()).isEqualTo(2);
        assertThat(PromptFormat.RAW.render(List.of(Message.user("abc")))).containsExactly(ByteTokenizer.BOS, 97, 98, 99);
    }

    private static GenerationRequest request(String text, Sampling sampling) {
        var task = new Task("t", List.of(Message.user(text)), Optional.empty(), Map.of());
        return new GenerationRequest(task, List.of(Message.user(text)), sampling);
    }
}
