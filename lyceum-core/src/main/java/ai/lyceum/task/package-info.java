/** Tasks and chat messages: the values every environment, policy and reward speaks in. */
package ai.lyceum.task;
