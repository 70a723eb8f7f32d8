package dev.longhaul.processing;

import java.nio.file.Path;
import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * A row of the {@code datasets} table: an uploaded file and the job that profiles it.
 *
 * @param id its id
 * @param name its name
 * @param file where the upload is stored
 * @param sizeBytes its size
 * @param delimiter the field delimiter
 * @param notifyEmail whom to email when the report is ready
 * @param jobId the job that profiles it
 * @param report the report, as JSON, once done
 * @param createdAt when it was uploaded
 */
record Dataset(long id, String name, Path file, long sizeBytes, char delimiter, @Nullable String notifyEmail,
		@Nullable Long jobId, @Nullable String report, Instant createdAt) {
}
