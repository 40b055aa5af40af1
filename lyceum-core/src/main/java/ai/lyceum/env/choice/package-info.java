/** Multiple-choice environments (MMLU-STEM), scored by the letter the answer picks. */
package ai.lyceum.env.choice;
