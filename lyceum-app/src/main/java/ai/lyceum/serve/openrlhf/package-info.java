/**
 * OpenRLHF's remote reward ({@code --reward.remote_url}, formerly {@code --remote_rm_url}): {@code POST /get_reward}
 * with parallel lists {@code query}, {@code prompts}, {@code labels}; rewards, scores and per-sample logs back.
 */
package ai.lyceum.serve.openrlhf;
