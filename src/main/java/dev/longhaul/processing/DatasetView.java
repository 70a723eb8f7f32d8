package dev.longhaul.processing;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * A dataset as the API shows it.
 *
 * @param id its id
 * @param name its name
 * @param status where its processing is
 * @param sizeBytes the file's size
 * @param progress how far processing got
 * @param attempts tries that ended without success
 * @param error why it failed, if it did: the processor's own words for what the upload
 * can fix (not CSV, the file gone, the completion email refused), else the category of an
 * unexpected failure such as {@code I/O error (IOException)}, whose details are in the
 * log
 * @param createdAt when it was uploaded
 * @param startedAt when processing (last) started
 * @param finishedAt when processing ended
 * @param report where the report is, once done
 */
public record DatasetView(long id, String name, DatasetStatus status, long sizeBytes, Progress progress, int attempts,
		@Nullable String error, Instant createdAt, @Nullable Instant startedAt, @Nullable Instant finishedAt,
		@Nullable String report) {

	/**
	 * How far processing got.
	 *
	 * @param bytesProcessed bytes of the file processed
	 * @param rowsProcessed rows processed
	 * @param percent share of the file processed, 0 to 100
	 * @param bytesPerSecond the rate of the last chunk
	 * @param secondsLeft estimated time left at that rate
	 */
	public record Progress(long bytesProcessed, long rowsProcessed, double percent, @Nullable Double bytesPerSecond,
			@Nullable Long secondsLeft) {
	}

}
