package dev.longhaul.processing.profile;

import java.util.List;

import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * Where a profiling run stopped and everything it had gathered: enough to resume it, in
 * another process, with the same final report as a run that never stopped.
 *
 * <p>
 * Its size depends on the number of columns, never on the number of rows: about 28 KiB of
 * JSON per column at most, sketches included, most of it the distinct counter's 16 KiB as
 * base64 (a column with a few distinct values, or many, takes far less).
 *
 * @param format the version of this layout
 * @param offset the byte offset in the file where the next chunk starts
 * @param line the 1-based line number at that offset
 * @param finished whether the end of the file was reached
 * @param rows the data rows read so far, malformed ones included
 * @param malformedRows the rows left out of the column profiles
 * @param errors the first {@value CsvProfiler#MAX_ERRORS} malformed rows
 * @param header the column names, empty until the header row was read
 * @param columns the partial aggregates of each column, in header order
 * @param topValuesRebuilt whether the run has read the file again to rebuild the top
 * values of columns that turned text late; from then on every column counts them all
 * along, so a run reads its file again at most once (absent from format 1, whose writer
 * counted them all along)
 */
public record Checkpoint(int format, long offset, long line, boolean finished, long rows, long malformedRows,
		List<RowError> errors, List<String> header, List<ColumnState> columns, boolean topValuesRebuilt) {

	/**
	 * The layout written now. Format 2 may leave a column's top values out while it is
	 * not text (format 1 never did), so a reader of format 1 refuses it rather than
	 * resume with wrong counts. Format 3 holds a {@link DistinctCounter}'s state as a
	 * column's {@code distinct} (formats 1 and 2: the 4096 registers of a HyperLogLog),
	 * which a reader of format 2 refuses rather than misread.
	 */
	static final int FORMAT = 3;

	private static final int FORMAT_1 = 1;

	private static final int FORMAT_2 = 2;

	// A format 1 checkpoint has no topValuesRebuilt: read as false.
	private static final JsonMapper json = JsonMapper.builder()
		.disable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
		.build();

	/**
	 * The checkpoint of a run that has not started.
	 * @return the checkpoint at the start of the file
	 */
	public static Checkpoint start() {
		return new Checkpoint(FORMAT, 0, 1, false, 0, 0, List.of(), List.of(), List.of(), false);
	}

	/**
	 * This checkpoint as compact JSON, sketches as base64; {@link #fromJson} reads it
	 * back exactly.
	 * @return the JSON
	 */
	public String toJson() {
		return json.writeValueAsString(this);
	}

	/**
	 * Reads a checkpoint written by {@link #toJson()}.
	 * @param text the JSON
	 * @return the checkpoint
	 * @return the checkpoint, in format {@value #FORMAT}: one of format 1 or 2 has its
	 * HyperLogLog registers made the state of a distinct counter that goes on with them
	 * (their 1.6% error, which the report states, cannot be made finer)
	 * @throws IllegalArgumentException if it is not a checkpoint of a format this reader
	 * knows
	 */
	public static Checkpoint fromJson(String text) {
		Checkpoint checkpoint = json.readValue(text, Checkpoint.class);
		if (checkpoint.format() == FORMAT) {
			return checkpoint;
		}
		if (checkpoint.format() != FORMAT_1 && checkpoint.format() != FORMAT_2) {
			throw new IllegalArgumentException("Unsupported checkpoint format " + checkpoint.format());
		}
		List<ColumnState> columns = checkpoint.columns()
			.stream()
			.map((column) -> column.withDistinct(DistinctCounter.legacyState(column.distinct())))
			.toList();
		return new Checkpoint(FORMAT, checkpoint.offset(), checkpoint.line(), checkpoint.finished(), checkpoint.rows(),
				checkpoint.malformedRows(), checkpoint.errors(), checkpoint.header(), columns,
				checkpoint.topValuesRebuilt());
	}

}
