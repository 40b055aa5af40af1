/** The GSM8K environment: grade-school word problems with a numeric final answer. */
package ai.lyceum.env.gsm8k;
