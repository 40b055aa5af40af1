package ai.lyceum.reward;

import ai.lyceum.env.Role;
import ai.lyceum.env.Trajectory;
import ai.lyceum.failure.Failure;
import java.math.BigDecimal;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * 1 when the final number of the answer equals the reference's, else 0. The final number is the one after
 * the last {@code ####} (GSM8K's convention), else the last number in the text. Thousands separators,
 * currency signs and trailing zeros are ignored; the comparison is exact in decimal.
 */
public final class NumericAnswerReward implements Reward {
    private static final Pattern NUMBER = Pattern.compile("-?\\d[\\d,]*(?:\\.\\d+)?|-?\\.\\d+");

    @Override
    public RewardResult score(Trajectory trajectory) {
        var reference = trajectory.task().reference();
        if (reference.isEmpty()) {
            return RewardResult.failed(new Failure.RewardError("task " + trajectory.task().id() + " has no reference"));
        }
        var gold = finalNumber(reference.get());
        if (gold.isEmpty()) {
            return RewardResult.failed(new Failure.RewardError(
                    "reference of task " + trajectory.task().id() + " has no number: " + Failure.excerpt(reference.get())));
        }
        var answer = trajectory.lastBy(Role.ASSISTANT).map(c -> c.text()).orElse("");
        var predicted = finalNumber(answer);
        boolean correct = predicted.isPresent() && predicted.get().compareTo(gold.get()) == 0;
        return RewardResult.of(correct ? 1 : 0, Map.of(
                "gold", gold.get().toPlainString(),
                "extracted", predicted.map(BigDecimal::toPlainString).orElse("")));
    }

    /** The number after the last {@code ####}, or else the last number in the text. */
    static Optional<BigDecimal> finalNumber(String text) {
        int marker = text.lastIndexOf("####");
        var tail = marker >= 0 ? text.substring(marker + 4) : text;
        var matcher = NUMBER.matcher(tail);
        String found = null;
        while (matcher.find()) {
            found = matcher.group();
            if (marker >= 0) break; // after ####, the first number is the answer
        }
        if (found == null) return Optional.empty();
        try {
            return Optional.of(new BigDecimal(found.replace(",", "")));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }
}
