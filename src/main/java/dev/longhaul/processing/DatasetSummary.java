package dev.longhaul.processing;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * What a dataset's view needs of its row, read without the report: the dashboard lists
 * datasets every two seconds. The view adds its job's state, which the queue keeps.
 *
 * @param id the dataset's id
 * @param name its name
 * @param sizeBytes its file's size
 * @param createdAt when it was uploaded
 * @param hasReport whether its report is stored
 * @param jobId the job that profiles it, or {@code null} if it has none
 */
record DatasetSummary(long id, String name, long sizeBytes, Instant createdAt, boolean hasReport,
		@Nullable Long jobId) {
}
