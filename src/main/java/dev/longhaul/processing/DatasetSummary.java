package dev.longhaul.processing;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

import dev.longhaul.queue.JobStatus;

/**
 * What a dataset's view needs of its row and its job's, read without the report and
 * without the checkpoint (the job's progress holds it, up to several MB): the dashboard
 * lists datasets every two seconds.
 *
 * @param id the dataset's id
 * @param name its name
 * @param sizeBytes its file's size
 * @param createdAt when it was uploaded
 * @param hasReport whether its report is stored
 * @param jobId its job, or {@code null} if it has none or it was deleted
 * @param jobStatus its job's status, or {@code null} without a job
 * @param attempts its job's tries that ended without success
 * @param lastError why its job's last try failed
 * @param startedAt when its job (last) started
 * @param finishedAt when its job ended
 * @param progressHead the first {@value DatasetProgress#HEAD_LENGTH} characters of its
 * job's progress, where the counts are, or {@code null}
 */
record DatasetSummary(long id, String name, long sizeBytes, Instant createdAt, boolean hasReport, @Nullable Long jobId,
		@Nullable JobStatus jobStatus, int attempts, @Nullable String lastError, @Nullable Instant startedAt,
		@Nullable Instant finishedAt, @Nullable String progressHead) {
}
