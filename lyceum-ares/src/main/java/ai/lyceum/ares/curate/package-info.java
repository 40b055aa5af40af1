/** Curation outputs: exports of a filtered selection as JSONL, Parquet or a LeRobot v3.0 dataset, with a manifest. */
package ai.lyceum.ares.curate;
