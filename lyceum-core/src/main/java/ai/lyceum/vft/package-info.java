/**
 * Reward-hack monitoring by verbalization (VFT, ../shared/specs/vft.md): the verbalization judge, the metrics
 * (cue influence, verbalization and effective cue influence rates, balanced accuracy, uncued accuracy, with
 * bootstrap intervals) and the VFT and BCT data builders.
 */
package ai.lyceum.vft;
