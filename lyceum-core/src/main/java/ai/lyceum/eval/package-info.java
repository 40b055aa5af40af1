/** Evaluation metrics over recorded rollouts: mean reward, pass@k, bootstrap intervals, failure counts. */
package ai.lyceum.eval;
