/**
 * Zero-sum self-play on the embedded model (SPIRAL, ../shared/specs/multi-agent.md §3): one policy plays both seats
 * of a game, each seat's turns are trained on the seat's return minus a role-conditioned baseline
 * ({@link ai.lyceum.train.selfplay.RoleBaselines}), and the experiment that compares RAE with one shared baseline
 * and none.
 */
package ai.lyceum.train.selfplay;
