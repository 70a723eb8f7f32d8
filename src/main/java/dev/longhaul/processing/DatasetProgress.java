package dev.longhaul.processing;

import org.jspecify.annotations.Nullable;

/**
 * What a dataset job stores in its job's {@code progress} column after each chunk: how
 * far it got, and the profiler's checkpoint to resume from.
 *
 * @param offset bytes of the file processed
 * @param rows rows processed
 * @param bytesPerSecond the rate of the last chunk
 * @param checkpoint the profiler's checkpoint, as JSON
 */
record DatasetProgress(long offset, long rows, @Nullable Double bytesPerSecond, String checkpoint) {
}
