package dev.longhaul.processing;

import java.nio.file.Path;
import java.time.Duration;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Positive;
import org.hibernate.validator.constraints.time.DurationMin;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

import dev.longhaul.processing.profile.CsvLimits;

/**
 * Dataset processing settings, {@code longhaul.processing.*}.
 *
 * @param storageDir where uploaded files are kept
 * @param maxUploadSize the largest upload accepted; a larger one is answered 413 and
 * nothing is kept
 * @param chunkRows rows processed between two checkpoints
 * @param concurrency dataset jobs processed at once by this instance (0: one per core)
 * @param profilingThreads threads, shared by the data processors, that profile the
 * columns of a batch of rows while a data processor reads the next batch (unset: one
 * fewer than the cores; 0: each data processor profiles on its own thread only)
 * @param retention how long finished datasets, finished jobs and sent emails are kept
 * @param maxFieldSize the largest field of a CSV file, in bytes as in the file (quotes
 * included): a larger one fails the dataset as not CSV
 * @param maxRecordSize the largest record (row) of a CSV file, in bytes as in the file
 * (delimiters, quotes and line break included), at least {@code maxFieldSize} and
 * {@code maxHeaderSize}, at most 256MB: a larger one fails the dataset as not CSV. It
 * bounds the memory a data processor holds for a row while it parses it.
 * @param maxHeaderSize the largest header row, whose column names every checkpoint,
 * report and completion email copies: a larger one fails the dataset as not CSV
 */
@ConfigurationProperties("longhaul.processing")
@Validated
public record ProcessingProperties(@DefaultValue("./data/datasets") Path storageDir,
		@DefaultValue("1GB") DataSize maxUploadSize, @DefaultValue("50000") @Positive int chunkRows,
		@DefaultValue("0") @Min(0) @Max(64) int concurrency, @Nullable @Min(0) @Max(64) Integer profilingThreads,
		@DefaultValue("7d") @DurationMin(minutes = 1) Duration retention, @DefaultValue("256KB") DataSize maxFieldSize,
		@DefaultValue("1MB") DataSize maxRecordSize, @DefaultValue("64KB") DataSize maxHeaderSize) {

	public ProcessingProperties {
		// Checked at start-up, not at the first dataset.
		CsvLimits.of(maxFieldSize, maxRecordSize, maxHeaderSize);
	}

	/**
	 * The largest field, record and header row a profiler reads.
	 * @return the limits of {@code max-field-size}, {@code max-record-size} and
	 * {@code max-header-size}
	 */
	public CsvLimits csvLimits() {
		return CsvLimits.of(this.maxFieldSize, this.maxRecordSize, this.maxHeaderSize);
	}

	/**
	 * The number of dataset jobs processed at once.
	 * @return {@code concurrency}, or the number of cores when it is 0
	 */
	public int effectiveConcurrency() {
		return (this.concurrency > 0) ? this.concurrency : Runtime.getRuntime().availableProcessors();
	}

	/**
	 * The number of profiling threads.
	 * @return {@code profilingThreads}, or one fewer than the cores when it is unset
	 */
	public int effectiveProfilingThreads() {
		return (this.profilingThreads != null) ? this.profilingThreads : Runtime.getRuntime().availableProcessors() - 1;
	}

}
