/**
 * Preference training on the embedded model: DPO (Rafailov et al. 2023) on (chosen, rejected) responses to one
 * prompt, against a frozen reference model ({@link ai.lyceum.train.pref.DpoLoss}, {@link ai.lyceum.train.pref.DpoTrainer}).
 */
package ai.lyceum.train.pref;
