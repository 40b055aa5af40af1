/** Code environments (HumanEval, MBPP): answers run against the data set's tests in a sandbox. */
package ai.lyceum.env.code;
