package dev.longhaul.processing.profile;

/**
 * One record of a CSV file as parsed, with where it lies in the file. One object per
 * reader, set again for each record (millions of them): it and its fields are only valid
 * until the next record is parsed.
 */
final class CsvRow {

	private RowFields fields;

	private int fieldCount;

	private long line;

	private long start;

	private long end;

	private long nextLine;

	private boolean unterminatedQuote;

	CsvRow(RowFields fields) {
		this.fields = fields;
	}

	/**
	 * Sets the row to the record just parsed.
	 * @param fields its fields, at most {@value RowHandler#MAX_FIELDS}, the pending row
	 * of a batch
	 * @param fieldCount how many fields it has, kept or not
	 * @param line the line on which it starts
	 * @param start the byte offset at which it starts
	 * @param end the byte offset just after it and its line break
	 * @param nextLine the line number at {@code end}
	 * @param unterminatedQuote whether a quoted field was still open at the end of the
	 * file
	 * @return this row
	 */
	CsvRow set(RowFields fields, int fieldCount, long line, long start, long end, long nextLine,
			boolean unterminatedQuote) {
		this.fields = fields;
		this.fieldCount = fieldCount;
		this.line = line;
		this.start = start;
		this.end = end;
		this.nextLine = nextLine;
		this.unterminatedQuote = unterminatedQuote;
		return this;
	}

	RowFields fields() {
		return this.fields;
	}

	int fieldCount() {
		return this.fieldCount;
	}

	long line() {
		return this.line;
	}

	long start() {
		return this.start;
	}

	long end() {
		return this.end;
	}

	long nextLine() {
		return this.nextLine;
	}

	boolean unterminatedQuote() {
		return this.unterminatedQuote;
	}

}
