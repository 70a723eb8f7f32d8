package dev.longhaul.processing;

import java.util.List;

import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * Where a profiling run stopped and everything it had gathered: enough to resume it, in
 * another process, with the same final report as a run that never stopped.
 *
 * <p>
 * Its size depends on the number of columns, never on the number of rows: about 12 KiB of
 * JSON per column at most, sketches included (about 90 KiB for 8 columns).
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
record Checkpoint(int format, long offset, long line, boolean finished, long rows, long malformedRows,
		List<RowError> errors, List<String> header, List<ColumnState> columns, boolean topValuesRebuilt) {

	/**
	 * The layout written now. Format 2 may leave a column's top values out while it is
	 * not text (format 1 never did), so a reader of format 1 refuses it rather than
	 * resume with wrong counts.
	 */
	static final int FORMAT = 2;

	private static final int FORMAT_1 = 1;

	// A format 1 checkpoint has no topValuesRebuilt: read as false.
	private static final JsonMapper json = JsonMapper.builder()
		.disable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
		.build();

	/**
	 * The checkpoint of a run that has not started.
	 * @return the checkpoint at the start of the file
	 */
	static Checkpoint start() {
		return new Checkpoint(FORMAT, 0, 1, false, 0, 0, List.of(), List.of(), List.of(), false);
	}

	/**
	 * This checkpoint as compact JSON, sketches as base64; {@link #fromJson} reads it
	 * back exactly.
	 * @return the JSON
	 */
	String toJson() {
		return json.writeValueAsString(this);
	}

	/**
	 * Reads a checkpoint written by {@link #toJson()}.
	 * @param text the JSON
	 * @return the checkpoint
	 * @throws IllegalArgumentException if it is not a checkpoint of this format
	 */
	static Checkpoint fromJson(String text) {
		Checkpoint checkpoint = json.readValue(text, Checkpoint.class);
		if (checkpoint.format() != FORMAT && checkpoint.format() != FORMAT_1) {
			throw new IllegalArgumentException("Unsupported checkpoint format " + checkpoint.format());
		}
		return checkpoint;
	}

}
