/** How Lyceum configures Jackson for code that runs on virtual threads. */
package ai.lyceum.json;
