package ai.lyceum.http;

import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

/** How long to wait before retrying a request: full-jitter exponential backoff that honours {@code Retry-After}. */
public final class Backoff {
    private Backoff() {}

    /**
     * A uniform draw from [0, min(max, base·2^(attempt−1))], raised to the server's {@code Retry-After} when that
     * is longer, and never above {@code max}.
     *
     * @param attempt the attempt that just failed, from 1
     */
    public static Duration delay(int attempt, Duration base, Duration max, Optional<Duration> retryAfter) {
        long cap = Math.min(max.toMillis(), base.toMillis() << Math.min(attempt - 1, 20));
        var delay = Duration.ofMillis(ThreadLocalRandom.current().nextLong(cap + 1));
        if (retryAfter.isPresent() && retryAfter.get().compareTo(delay) > 0) {
            delay = retryAfter.get().compareTo(max) > 0 ? max : retryAfter.get();
        }
        return delay;
    }

    /** {@code Retry-After} as seconds or an HTTP date; empty when absent or unreadable. */
    public static Optional<Duration> retryAfter(Http11Client.Response response) {
        return response.header("Retry-After").flatMap(value -> {
            try {
                return Optional.of(Duration.ofSeconds(Math.max(0, Long.parseLong(value.trim()))));
            } catch (NumberFormatException notSeconds) {
                try {
                    var when = ZonedDateTime.parse(value.trim(), DateTimeFormatter.RFC_1123_DATE_TIME);
                    var wait = Duration.between(ZonedDateTime.now(when.getZone()), when);
                    return Optional.of(wait.isNegative() ? Duration.ZERO : wait);
                } catch (RuntimeException unparseable) {
                    return Optional.empty();
                }
            }
        });
    }
}
