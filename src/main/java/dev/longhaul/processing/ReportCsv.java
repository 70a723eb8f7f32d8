package dev.longhaul.processing;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import de.siegmar.fastcsv.writer.CsvWriter;
import de.siegmar.fastcsv.writer.QuoteStrategy;
import org.jspecify.annotations.Nullable;

import dev.longhaul.processing.profile.ColumnReport;
import dev.longhaul.processing.profile.DatasetReport;

/**
 * A report as CSV, one row per column of the dataset, safe to open in a spreadsheet.
 *
 * <p>
 * Column names and top values come from the uploaded file, so a cell could hold a formula
 * ({@code =HYPERLINK(...)}, {@code @SUM(...)}) that a spreadsheet would run. Following
 * OWASP's rule on CSV injection, every cell that begins with {@code =}, {@code +},
 * {@code -}, {@code @}, a tab or a carriage return is prefixed with a single quote and
 * quoted. One exception: a cell that is a plain decimal number, such as {@code -5} or
 * {@code -1.5E+3}, is written as it is, because a spreadsheet reads it as that number and
 * never as a formula, and a prefix would turn the statistics (min, max, mean, quantiles)
 * into text.
 */
final class ReportCsv {

	private static final Pattern NUMBER = Pattern.compile("-?[0-9]+(\\.[0-9]+)?([eE][-+]?[0-9]+)?");

	/** Quotes the cells {@link #cell} prefixed, and those that need it anyway. */
	private static final QuoteStrategy QUOTE_NEUTRALISED = new QuoteStrategy() {

		@Override
		public boolean quoteValue(int lineNo, int fieldIdx, String value) {
			return value.length() > 1 && value.charAt(0) == '\'' && risky(value.charAt(1));
		}

	};

	private ReportCsv() {
	}

	/**
	 * Writes a report.
	 * @param report the report
	 * @return the CSV, with a header row
	 */
	static String write(DatasetReport report) {
		StringWriter out = new StringWriter();
		try (CsvWriter csv = CsvWriter.builder().quoteStrategy(QUOTE_NEUTRALISED).build(out)) {
			csv.writeRecord("column", "type", "count", "empty", "distinct", "distinct_exact", "distinct_error", "min",
					"max", "mean", "standard_deviation", "p50", "p95", "p99", "earliest", "latest", "top_values");
			for (ColumnReport column : report.columns()) {
				csv.writeRecord(cell(column.name()), cell(column.type().name().toLowerCase()), cell(column.count()),
						cell(column.empty()), cell(column.distinct()), cell(column.distinctExact()),
						cell(column.distinctError()), cell(column.min()), cell(column.max()), cell(column.mean()),
						cell(column.standardDeviation()), cell(column.p50()), cell(column.p95()), cell(column.p99()),
						cell(column.earliest()), cell(column.latest()),
						cell(column.topValues()
							.stream()
							.map((top) -> top.value() + "=" + top.count())
							.collect(Collectors.joining("; "))));
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return out.toString();
	}

	/**
	 * A value as a cell a spreadsheet does not evaluate.
	 * @param value the value, or {@code null} for an empty cell
	 * @return the cell: prefixed with {@code '} if it begins like a formula and is not a
	 * plain number
	 */
	static String cell(@Nullable Object value) {
		if (value == null) {
			return "";
		}
		String text = value.toString();
		if (text.isEmpty() || !risky(text.charAt(0)) || NUMBER.matcher(text).matches()) {
			return text;
		}
		return "'" + text;
	}

	private static boolean risky(char first) {
		return first == '=' || first == '+' || first == '-' || first == '@' || first == '\t' || first == '\r';
	}

}
