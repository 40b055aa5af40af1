/**
 * Zero-sum two-player text games for self-play (SPIRAL, ../shared/specs/multi-agent.md §3): TicTacToe-v0 and
 * KuhnPoker-v1 with the rules, observation layouts, {@code \boxed{}} action extraction and invalid-move rewards of
 * the reference (../shared/data/selfplay/README.md), as ordinary two-role environments, and the programmatic
 * players (random, minimax, Kuhn equilibrium) evaluations play against.
 */
package ai.lyceum.env.selfplay;
