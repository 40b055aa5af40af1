package ai.lyceum.policy.openai;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class AdaptiveLimiterTest {
    @Test
    void startsAtItsMaximumAndShrinksOnceForABurstOfOverload() throws Exception {
        var limiter = new AdaptiveLimiter(100);
        assertThat(limiter.limit()).isEqualTo(100);
        for (int i = 0; i < 10; i++) limiter.acquire();
        for (int i = 0; i < 10; i++) limiter.release(AdaptiveLimiter.Outcome.OVERLOAD);
        assertThat(limiter.limit()).isEqualTo(70); // one decrease, then the cool-down holds
    }

    @Test
    void genericErrorsDoNotShrinkTheLimit() throws Exception {
        var limiter = new AdaptiveLimiter(8);
        limiter.acquire();
        limiter.release(AdaptiveLimiter.Outcome.OTHER);
        assertThat(limiter.limit()).isEqualTo(8);
    }

    @Test
    void growsBackOnSuccessAtTheLimitButNeverAboveTheMaximum() throws Exception {
        var limiter = new AdaptiveLimiter(10);
        limiter.acquire();
        limiter.release(AdaptiveLimiter.Outcome.OVERLOAD); // 10 -> 7
        for (int round = 0; round < 5; round++) {
            int limit = limiter.limit();
            for (int i = 0; i < limit; i++) limiter.acquire();
            for (int i = 0; i < limit; i++) limiter.release(AdaptiveLimiter.Outcome.SUCCESS);
        }
        assertThat(limiter.limit()).isEqualTo(10);
    }

    @Test
    void blocksBeyondTheLimitUntilAPermitReturns() throws Exception {
        var limiter = new AdaptiveLimiter(1);
        limiter.acquire();
        var acquired = new CountDownLatch(1);
        Thread.ofVirtual().start(() -> {
            try {
                limiter.acquire();
                acquired.countDown();
            } catch (InterruptedException ignored) {
                Thread.currentThread().interrupt();
            }
        });
        assertThat(acquired.await(100, TimeUnit.MILLISECONDS)).isFalse();
        limiter.release(AdaptiveLimiter.Outcome.SUCCESS);
        assertThat(acquired.await(5, TimeUnit.SECONDS)).isTrue();
    }
}
