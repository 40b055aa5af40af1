package ai.lyceum.env.selfplay;

/** How a game's observation is put into words. */
public enum Layout {
    /**
     * The reference's: the game's rules prompt and messages through its observation wrapper, inside SPIRAL's
     * {@code qwen3} user turn (a preamble, {@code Observation: ...}, and the instruction to answer in
     * {@code \boxed{}}). What an LLM is evaluated and trained on.
     */
    REFERENCE,
    /**
     * A few dozen bytes for the tiny embedded model, whose whole context is 64 positions: the board (or card and
     * betting so far) from the mover's side, no rules text. Same actions, extraction and rewards.
     */
    COMPACT
}
