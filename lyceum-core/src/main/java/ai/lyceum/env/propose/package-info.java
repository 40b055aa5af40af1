/**
 * Proposer / solver environments (Absolute Zero, R-Zero; ../shared/specs/multi-agent.md §2): one model writes a
 * task in a verifiable domain, the domain's exact judge accepts it or rejects it as a typed failure, the solver
 * attempts an accepted task k times, and the proposer is rewarded by how learnable the task proved
 * ({@link ai.lyceum.env.propose.ProposerReward}) less a repetition penalty over the batch
 * ({@link ai.lyceum.env.propose.RepetitionPenalty}).
 */
package ai.lyceum.env.propose;
