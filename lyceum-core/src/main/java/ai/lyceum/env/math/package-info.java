/** Math environments (GSM8K, MATH-500, AIME, AMC, Minerva) scored by the math answer verifier. */
package ai.lyceum.env.math;
