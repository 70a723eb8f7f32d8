package dev.longhaul.processing.profile;

import org.springframework.util.unit.DataSize;

/**
 * The largest field, record and header row a profiler reads, in bytes of the file (a
 * field's quotes included; a record's delimiters, quotes and line break included), so
 * that one wide row cannot fill the heap: each bounds what is held in memory at once
 * while a record is parsed. A file that breaks one fails as not CSV, saying which limit
 * and where.
 *
 * @param maxFieldBytes the largest field
 * @param maxRecordBytes the largest record, header row included
 * @param maxHeaderBytes the largest header row, whose names every checkpoint, report and
 * email copies
 */
public record CsvLimits(int maxFieldBytes, int maxRecordBytes, int maxHeaderBytes) {

	/** The defaults of {@code longhaul.processing.max-field-size} and its siblings. */
	static final CsvLimits DEFAULTS = new CsvLimits(256 * 1024, 1024 * 1024, 64 * 1024);

	/** The highest limit: FastCSV's buffer is an array of characters. */
	static final int MAX = 256 * 1024 * 1024;

	public CsvLimits {
		if (maxFieldBytes < 1 || maxRecordBytes < 1 || maxHeaderBytes < 1) {
			throw new IllegalArgumentException("CSV limits must be positive");
		}
		if (maxRecordBytes > MAX) {
			throw new IllegalArgumentException("The largest CSV record must be at most " + MAX + " bytes");
		}
		if (maxFieldBytes > maxRecordBytes || maxHeaderBytes > maxRecordBytes) {
			throw new IllegalArgumentException("A CSV field and the header row must not be larger than a record ("
					+ maxFieldBytes + ", " + maxHeaderBytes + " > " + maxRecordBytes + " bytes)");
		}
	}

	/**
	 * The limits of the given sizes.
	 * @param field the largest field
	 * @param record the largest record
	 * @param header the largest header row
	 * @return the limits
	 * @throws IllegalArgumentException if a field or the header may be larger than a
	 * record, or a record larger than {@value #MAX} bytes
	 */
	public static CsvLimits of(DataSize field, DataSize record, DataSize header) {
		return new CsvLimits(bytes(field), bytes(record), bytes(header));
	}

	/**
	 * The buffer FastCSV needs: a field (FastCSV buffers one field at a time), at most
	 * one character per byte, and room for one more read.
	 * @return its size in characters
	 */
	int fastCsvBufferSize() {
		return this.maxFieldBytes + 4 * 8192;
	}

	/**
	 * A size as the settings write it.
	 * @param bytes the size
	 * @return such as {@code 1MB}, {@code 64KB} or {@code 1000B}
	 */
	static String format(long bytes) {
		if (bytes % (1024 * 1024) == 0) {
			return (bytes / (1024 * 1024)) + "MB";
		}
		return (bytes % 1024 == 0) ? (bytes / 1024) + "KB" : bytes + "B";
	}

	private static int bytes(DataSize size) {
		return (int) Math.max(Math.min(size.toBytes(), Integer.MAX_VALUE), Integer.MIN_VALUE);
	}

}
