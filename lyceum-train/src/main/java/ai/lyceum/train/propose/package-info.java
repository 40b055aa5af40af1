/**
 * Training a solver on a proposer's tasks (Absolute Zero, R-Zero) with the embedded model playing both roles, and
 * the experiment that compares it with tasks of random difficulty and a fixed easy→hard curriculum.
 */
package ai.lyceum.train.propose;
