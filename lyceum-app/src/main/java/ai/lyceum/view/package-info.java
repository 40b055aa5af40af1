/** {@code lyceum view}: a local web viewer for eval and train run directories (runs, tasks, rollouts, curves, comparisons). */
package ai.lyceum.view;
