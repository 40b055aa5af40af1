/** The rollout engine: tasks × samples through environment, policies and rewards into the run store. */
package ai.lyceum.rollout;
