package dev.longhaul.processing.profile;

import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;

class TypeInferenceTest {

	static Stream<Arguments> columns() {
		return Stream.of(
				// integers
				Arguments.of(List.of("1", "-2", "+3", "007", " 42 "), ColumnType.INTEGER),
				Arguments.of(List.of("9223372036854775807", "-9223372036854775808"), ColumnType.INTEGER),
				Arguments.of(List.of("1", "", "  ", "2"), ColumnType.INTEGER),
				// decimals, and integers widened to them
				Arguments.of(List.of("1.5", "-0.25", ".5", "5.", "1e3", "2.5E-4", "-1E+2"), ColumnType.DECIMAL),
				Arguments.of(List.of("1", "2", "3.5"), ColumnType.DECIMAL),
				Arguments.of(List.of("9223372036854775808"), ColumnType.DECIMAL),
				// not numbers
				Arguments.of(List.of("1", "NaN"), ColumnType.TEXT), Arguments.of(List.of("Infinity"), ColumnType.TEXT),
				Arguments.of(List.of("1e999"), ColumnType.TEXT), Arguments.of(List.of("0x1F"), ColumnType.TEXT),
				Arguments.of(List.of("1,5"), ColumnType.TEXT), Arguments.of(List.of("1_000"), ColumnType.TEXT),
				Arguments.of(List.of("1e"), ColumnType.TEXT), Arguments.of(List.of("."), ColumnType.TEXT),
				Arguments.of(List.of("-"), ColumnType.TEXT), Arguments.of(List.of("1.0f"), ColumnType.TEXT),
				// booleans: true and false only
				Arguments.of(List.of("true", "FALSE", "True"), ColumnType.BOOLEAN),
				Arguments.of(List.of("true", "yes"), ColumnType.TEXT),
				Arguments.of(List.of("1", "0"), ColumnType.INTEGER),
				Arguments.of(List.of("true", "1"), ColumnType.TEXT),
				// dates
				Arguments.of(List.of("2024-01-31", "1999-12-01", "2024-02-29"), ColumnType.DATE),
				Arguments.of(List.of("2023-02-29"), ColumnType.TEXT),
				Arguments.of(List.of("2024-13-01"), ColumnType.TEXT),
				Arguments.of(List.of("2024/01/31"), ColumnType.TEXT),
				Arguments.of(List.of("31.01.2024"), ColumnType.TEXT),
				Arguments.of(List.of("2024-1-31"), ColumnType.TEXT),
				// timestamps
				Arguments.of(List.of("2024-01-31T10:15", "2024-01-31T10:15:30", "2024-01-31T10:15:30.123456789"),
						ColumnType.TIMESTAMP),
				Arguments.of(List.of("2024-01-31T10:15:30Z", "2024-01-31T10:15:30+02:00", "2024-01-31 10:15:30",
						"2024-01-31 10:15:30.5-05:00"), ColumnType.TIMESTAMP),
				Arguments.of(List.of("2024-01-31T25:00:00"), ColumnType.TEXT),
				Arguments.of(List.of("2024-01-31T10:15:30 UTC"), ColumnType.TEXT),
				// dates and timestamps do not mix
				Arguments.of(List.of("2024-01-31", "2024-01-31T10:15:30"), ColumnType.TEXT),
				// text, and nothing at all
				Arguments.of(List.of("abc", "1"), ColumnType.TEXT), Arguments.of(List.of("1", "abc"), ColumnType.TEXT),
				Arguments.of(List.of("", " "), ColumnType.EMPTY));
	}

	@ParameterizedTest(name = "{0} -> {1}")
	@MethodSource("columns")
	void columnTypeIsTheNarrowestAllNonEmptyValuesFit(List<String> values, ColumnType expected) {
		String csv = "v\n" + values.stream().map((value) -> "\"" + value + "\"\n").collect(Collectors.joining());
		assertThat(Profiling.column(Profiling.report(csv), "v").type()).isEqualTo(expected);
	}

	@Test
	void integerColumnMinAndMaxAreExactBeyondDoublePrecision() {
		ColumnReport column = Profiling.column(Profiling.report("v\n9007199254740993\n-9007199254740995\n"), "v");
		assertThat(column.type()).isEqualTo(ColumnType.INTEGER);
		assertThat(column.min()).isEqualByComparingTo("-9007199254740995");
		assertThat(column.max()).isEqualByComparingTo("9007199254740993");
	}

	@Test
	void dateAndTimestampColumnsReportEarliestAndLatestAsWritten() {
		ColumnReport dates = Profiling.column(Profiling.report("v\n2024-03-01\n2023-12-31\n2024-02-29\n"), "v");
		assertThat(dates.earliest()).isEqualTo("2023-12-31");
		assertThat(dates.latest()).isEqualTo("2024-03-01");
		assertThat(dates.min()).isNull();
		ColumnReport timestamps = Profiling
			.column(Profiling.report("v\n2024-01-01T12:00:00+02:00\n2024-01-01T11:00:00Z\n2024-01-01 10:30:00\n"), "v");
		assertThat(timestamps.earliest()).isEqualTo("2024-01-01T12:00:00+02:00");
		assertThat(timestamps.latest()).isEqualTo("2024-01-01T11:00:00Z");
	}

	@Test
	void onlyTextColumnsHaveTopValuesAndOnlyNumericOnesHaveMoments() {
		DatasetReport report = Profiling.report("t,b,n\nx,true,1\ny,false,2\nx,true,3\n");
		ColumnReport text = Profiling.column(report, "t");
		assertThat(text.topValues()).containsExactly(new TopValue("x", 2, 0), new TopValue("y", 1, 0));
		assertThat(text.mean()).isNull();
		assertThat(Profiling.column(report, "b").topValues()).isEmpty();
		ColumnReport numbers = Profiling.column(report, "n");
		assertThat(numbers.topValues()).isEmpty();
		assertThat(numbers.mean()).isEqualTo(2.0);
		assertThat(numbers.standardDeviation()).isEqualTo(1.0);
		assertThat(numbers.p50()).isEqualTo(2.0);
	}

}
