package dev.longhaul.processing;

import java.util.List;

/**
 * The profile of a CSV dataset.
 *
 * @param rows the data rows, malformed ones included (the header and blank lines are not
 * rows)
 * @param malformedRows the rows left out of the column profiles: a wrong number of
 * fields, or a quote still open at the end of the file
 * @param errors the first {@value CsvProfiler#MAX_ERRORS} malformed rows, in file order
 * @param columns one profile per header column, in header order
 */
record DatasetReport(long rows, long malformedRows, List<RowError> errors, List<ColumnReport> columns) {
}
