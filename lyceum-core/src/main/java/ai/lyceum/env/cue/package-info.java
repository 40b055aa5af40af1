/**
 * Cue environments for reward-hack monitoring (VFT, ../shared/specs/vft.md): multiple-choice prompts carrying a
 * cue that points at a wrong option, scored by a reward that pays for following it; the seven cue kinds in full
 * MMLU wording and in the short form of the tiny model's procedural twin; the {@code Answer: X} parser.
 */
package ai.lyceum.env.cue;
