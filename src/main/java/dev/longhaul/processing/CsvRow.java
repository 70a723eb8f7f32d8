package dev.longhaul.processing;

/**
 * One record of a CSV file as parsed, with where it lies in the file. Its fields are only
 * valid until the next record is parsed.
 *
 * @param fields its fields, at most {@value RowHandler#MAX_FIELDS}
 * @param fieldCount how many fields it has, kept or not
 * @param line the line on which it starts
 * @param end the byte offset just after it and its line break
 * @param nextLine the line number at {@code end}
 * @param unterminatedQuote whether a quoted field was still open at the end of the file
 */
record CsvRow(RowFields fields, int fieldCount, long line, long end, long nextLine, boolean unterminatedQuote) {
}
