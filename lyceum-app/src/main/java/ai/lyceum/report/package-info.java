/** Reports of training runs: the Guide demo's curves, tables, CSV and the plot a person looks at. */
package ai.lyceum.report;
