package dev.longhaul.queue;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * Where a job is, as a feature shows it next to a row of its own that the job works for
 * (a dataset and its profiling job): without the payload, and with only the head of the
 * progress.
 *
 * @param id the job's id
 * @param status where it is
 * @param attempts tries that ended without success
 * @param lastError why the last try failed
 * @param startedAt when its last try started
 * @param finishedAt when it ended
 * @param progressHead the first characters of its progress, as many as were asked for, or
 * {@code null} if it has no progress or none was asked for
 */
public record JobState(long id, JobStatus status, int attempts, @Nullable String lastError, @Nullable Instant startedAt,
		@Nullable Instant finishedAt, @Nullable String progressHead) {
}
