package dev.longhaul.processing.profile;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import de.siegmar.fastcsv.writer.LineDelimiter;
import org.junit.jupiter.api.Test;

import static dev.longhaul.processing.profile.Profiling.column;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.assertj.core.api.Assertions.withinPercentage;

/**
 * Checks a report against values computed directly from the generated data: counts,
 * extremes, mean and deviation exactly (up to rounding); quantiles within 1% of rank;
 * distinct counts exact up to {@value DistinctCounter#EXACT_LIMIT} and within three
 * standard errors (2.4%) above, each stating which.
 */
class ReportAccuracyTest {

	private static final int ROWS = 5000;

	private final GeneratedDataset data = new GeneratedDataset(42, ROWS, LineDelimiter.CRLF);

	private final DatasetReport report = Profiling.report(new CsvProfiler(), this.data.bytes);

	@Test
	void rowsAndColumnsAreAllThere() {
		assertThat(this.report.rows()).isEqualTo(ROWS);
		assertThat(this.report.malformedRows()).isZero();
		assertThat(this.report.columns()).extracting(ColumnReport::name).containsExactly(GeneratedDataset.HEADER);
		assertThat(this.report.columns()).extracting(ColumnReport::type)
			.containsExactly(ColumnType.INTEGER, ColumnType.DECIMAL, ColumnType.INTEGER, ColumnType.BOOLEAN,
					ColumnType.DATE, ColumnType.TIMESTAMP, ColumnType.TEXT, ColumnType.TEXT);
	}

	@Test
	void integerColumnMatchesDirectComputation() {
		List<Double> ids = this.data.ids.stream().map(Long::doubleValue).toList();
		assertNumeric(column(this.report, "id"), ids);
		assertDistinct(column(this.report, "id"), ROWS);
	}

	@Test
	void decimalColumnMatchesDirectComputation() {
		assertNumeric(column(this.report, "amount"), this.data.amounts);
	}

	@Test
	void integerColumnWithEmptiesCountsThemApart() {
		ColumnReport quantity = column(this.report, "quantity");
		assertThat(quantity.empty()).isEqualTo(this.data.emptyQuantities).isPositive();
		assertNumeric(quantity, this.data.quantities.stream().map(Long::doubleValue).toList());
		long distinct = this.data.quantities.stream().distinct().count();
		assertDistinct(quantity, distinct);
	}

	@Test
	void dateAndTimestampRangesMatch() {
		ColumnReport day = column(this.report, "day");
		assertThat(LocalDate.parse(day.earliest())).isEqualTo(Collections.min(this.data.days));
		assertThat(LocalDate.parse(day.latest())).isEqualTo(Collections.max(this.data.days));
		assertDistinct(day, this.data.days.stream().distinct().count());
		ColumnReport at = column(this.report, "at");
		assertThat(OffsetDateTime.parse(at.earliest()).toInstant()).isEqualTo(Collections.min(this.data.instants));
		assertThat(OffsetDateTime.parse(at.latest()).toInstant()).isEqualTo(Collections.max(this.data.instants));
	}

	@Test
	void textColumnTopValuesAreTheExactTopTen() {
		Map<String, Long> counts = this.data.categories.stream()
			.collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
		List<TopValue> expected = counts.entrySet()
			.stream()
			.map((entry) -> new TopValue(entry.getKey(), entry.getValue(), 0))
			.sorted(Comparator.comparingLong(TopValue::count).reversed().thenComparing(TopValue::value))
			.limit(10)
			.toList();
		ColumnReport category = column(this.report, "category");
		assertThat(category.topValues()).containsExactlyElementsOf(expected);
		assertDistinct(category, counts.size());
		assertThat(category.count()).isEqualTo(ROWS);
	}

	@Test
	void textWithQuotesAndLineBreaksIsOneValue() {
		ColumnReport note = column(this.report, "note");
		assertThat(note.topValues().get(0).value()).isEqualTo("line one\nline \"two\", with comma");
		assertDistinct(note, ROWS - note.topValues().get(0).count() + 1);
	}

	@Test
	void everyColumnStatesTheErrorOfItsDistinctCount() {
		assertDistinct(column(this.report, "amount"), this.data.amounts.stream().distinct().count());
		assertDistinct(column(this.report, "active"), 2);
		assertDistinct(column(this.report, "at"), this.data.instants.stream().distinct().count());
	}

	private static void assertDistinct(ColumnReport column, long distinct) {
		if (distinct <= DistinctCounter.EXACT_LIMIT) {
			assertThat(column.distinct()).as(column.name()).isEqualTo(distinct);
			assertThat(column.distinctExact()).as(column.name()).isTrue();
			assertThat(column.distinctError()).as(column.name()).isZero();
		}
		else {
			assertThat(column.distinct()).as(column.name())
				.isCloseTo(distinct, withinPercentage(3 * 0.8125))
				.isLessThanOrEqualTo(column.count());
			assertThat(column.distinctExact()).as(column.name()).isFalse();
			assertThat(column.distinctError()).as(column.name()).isEqualTo(1.04 / 128);
		}
	}

	private static void assertNumeric(ColumnReport column, List<Double> values) {
		int n = values.size();
		double mean = values.stream().mapToDouble(Double::doubleValue).sum() / n;
		double squares = values.stream().mapToDouble((v) -> (v - mean) * (v - mean)).sum();
		double deviation = Math.sqrt(squares / (n - 1));
		assertThat(column.count()).isEqualTo(n);
		assertThat(column.min()).isEqualByComparingTo(BigDecimal.valueOf(Collections.min(values)));
		assertThat(column.max()).isEqualByComparingTo(BigDecimal.valueOf(Collections.max(values)));
		assertThat(column.mean()).isCloseTo(mean, within(Math.abs(mean) * 1e-12 + 1e-9));
		assertThat(column.standardDeviation()).isCloseTo(deviation, within(deviation * 1e-9));
		List<Double> sorted = values.stream().sorted().toList();
		assertQuantile(sorted, 0.50, column.p50());
		assertQuantile(sorted, 0.95, column.p95());
		assertQuantile(sorted, 0.99, column.p99());
	}

	private static void assertQuantile(List<Double> sorted, double q, Double estimate) {
		int n = sorted.size();
		long below = sorted.stream().filter((v) -> v < estimate).count();
		long atMost = sorted.stream().filter((v) -> v <= estimate).count();
		assertThat((double) below / n).as("share below p%s", q * 100).isLessThanOrEqualTo(q + 0.01);
		assertThat((double) atMost / n).as("share at most p%s", q * 100).isGreaterThanOrEqualTo(q - 0.01);
	}

}
