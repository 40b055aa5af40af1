package ai.lyceum.rollout;

import java.util.Set;

/**
 * Where the {@link RolloutEngine} records finished rollouts and learns which it need not redo: a run store, or
 * one scope of it (a training step's groups, a held-out evaluation).
 */
public interface RolloutLog {
    /** Rollouts already recorded; with {@code includeFailed} false, only those that were scored. */
    Set<RolloutKey> finished(boolean includeFailed);

    /** Records a finished rollout. Blocks while the writer is behind; never drops a rollout. */
    void append(Rollout rollout) throws InterruptedException;

    /** Returns once every rollout appended before the call is committed. */
    void flush() throws InterruptedException;
}
