package dev.longhaul.processing;

/**
 * The payload of a {@code dataset} job.
 *
 * @param dataset the id of the dataset to profile
 */
record DatasetJob(long dataset) {
}
