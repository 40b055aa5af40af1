/**
 * The reward seam: {@link ai.lyceum.reward.Reward} turns a trajectory into a
 * {@link ai.lyceum.reward.RewardResult}. Families of rewards live in sub-packages; simple answer-matching rewards
 * live here.
 */
package ai.lyceum.reward;
