package dev.longhaul.processing.profile;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static dev.longhaul.processing.profile.Profiling.column;
import static dev.longhaul.processing.profile.Profiling.report;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class CsvProfilerTest {

	@Test
	void quotedFieldsKeepDelimitersDoubledQuotesAndLineBreaks() {
		DatasetReport report = report(
				"name,note\n" + "a,\"one, two\"\n" + "b,\"say \"\"hi\"\"\"\n" + "c,\"first\nsecond\"\n" + "d,\"\"\n");
		assertThat(report.rows()).isEqualTo(4);
		assertThat(report.malformedRows()).isZero();
		ColumnReport note = column(report, "note");
		assertThat(note.count()).isEqualTo(3);
		assertThat(note.empty()).isEqualTo(1);
		assertThat(note.topValues()).extracting(TopValue::value)
			.containsExactly("first\nsecond", "one, two", "say \"hi\"");
	}

	@Test
	void recordSpanningLinesKeepsLineNumbersOfLaterRowsRight() {
		DatasetReport report = report("a,b\n1,\"x\ny\nz\"\n2\n3,4\n5,6,7\n");
		assertThat(report.rows()).isEqualTo(4);
		assertThat(report.errors()).containsExactly(new RowError(5, "expected 2 fields, found 1"),
				new RowError(7, "expected 2 fields, found 3"));
	}

	@Test
	void crlfLfAndCrLineBreaksReadTheSame() {
		DatasetReport lf = report("a,b\n1,x\n2,\"y\nz\"\n3,w\n");
		DatasetReport crlf = report("a,b\r\n1,x\r\n2,\"y\nz\"\r\n3,w\r\n");
		DatasetReport cr = report("a,b\r1,x\r2,\"y\nz\"\r3,w\r");
		assertThat(crlf).isEqualTo(lf);
		assertThat(cr).isEqualTo(lf);
		assertThat(column(crlf, "a").max()).isEqualByComparingTo("3");
		assertThat(column(crlf, "b").topValues()).extracting(TopValue::value).containsExactly("w", "x", "y\nz");
	}

	@Test
	void crlfLineNumbersCountEachBreakOnce() {
		DatasetReport report = report("a,b\r\n1,2\r\n\r\n\"x\r\ny\",2,3\r\n4\r\n");
		assertThat(report.errors()).containsExactly(new RowError(4, "expected 2 fields, found 3"),
				new RowError(6, "expected 2 fields, found 1"));
	}

	@Test
	void loneCarriageReturnInsideQuotesStaysInTheValue() {
		DatasetReport report = report("a,b\n1,\"x\ry\"\n3,4\n\"z\rw\"\n\n5,6\n");
		assertThat(report.rows()).isEqualTo(4);
		assertThat(report.errors()).containsExactly(new RowError(5, "expected 2 fields, found 1"));
		assertThat(column(report, "b").topValues()).extracting(TopValue::value).containsExactly("4", "6", "x\ry");
	}

	@Test
	void byteOrderMarkIsNotPartOfTheFirstColumnName() {
		byte[] bom = { (byte) 0xEF, (byte) 0xBB, (byte) 0xBF };
		byte[] body = "id,name\n1,é\n".getBytes(StandardCharsets.UTF_8);
		byte[] data = new byte[bom.length + body.length];
		System.arraycopy(bom, 0, data, 0, bom.length);
		System.arraycopy(body, 0, data, bom.length, body.length);
		DatasetReport report = Profiling.report(new CsvProfiler(), data);
		assertThat(report.columns()).extracting(ColumnReport::name).containsExactly("id", "name");
		assertThat(column(report, "id").type()).isEqualTo(ColumnType.INTEGER);
		assertThat(Profiling.oneGo(new CsvProfiler(), data).offset()).isEqualTo(data.length);
	}

	@Test
	void lastRowWithoutLineBreakIsRead() {
		DatasetReport report = report("a,b\n1,2\n3,4");
		assertThat(report.rows()).isEqualTo(2);
		assertThat(column(report, "b").max()).isEqualByComparingTo("4");
	}

	@Test
	void quoteLeftOpenAtEndOfFileIsAMalformedRow() {
		DatasetReport report = report("a,b\n1,2\n3,\"open\n4,5\n");
		assertThat(report.rows()).isEqualTo(2);
		assertThat(report.malformedRows()).isEqualTo(1);
		assertThat(report.errors()).containsExactly(new RowError(3, "quoted field not closed at the end of the file"));
		assertThat(column(report, "a").count()).isEqualTo(1);
	}

	@Test
	void rowsWithTooFewOrTooManyFieldsAreCountedReportedAndLeftOut() {
		DatasetReport report = report("a,b,c\n1,2,3\n4,5\n6,7,8,9\n10,11,12\n");
		assertThat(report.rows()).isEqualTo(4);
		assertThat(report.malformedRows()).isEqualTo(2);
		assertThat(report.errors()).containsExactly(new RowError(3, "expected 3 fields, found 2"),
				new RowError(4, "expected 3 fields, found 4"));
		ColumnReport a = column(report, "a");
		assertThat(a.count()).isEqualTo(2);
		assertThat(a.min()).isEqualByComparingTo("1");
		assertThat(a.max()).isEqualByComparingTo("10");
	}

	@Test
	void onlyTheFirstHundredErrorsAreKeptButAllAreCounted() {
		String rows = IntStream.range(0, 250).mapToObj((i) -> "x\n").collect(Collectors.joining());
		DatasetReport report = report("a,b\n" + rows);
		assertThat(report.malformedRows()).isEqualTo(250);
		assertThat(report.errors()).hasSize(CsvProfiler.MAX_ERRORS);
		assertThat(report.errors().get(99).line()).isEqualTo(101);
	}

	@Test
	void blankLinesAreNotRowsButCountAsLines() {
		DatasetReport report = report("\n\na,b\n\n1,2\n\n\n3\n");
		assertThat(report.rows()).isEqualTo(2);
		assertThat(report.errors()).containsExactly(new RowError(8, "expected 2 fields, found 1"));
	}

	@Test
	void delimiterIsConfigurable() {
		DatasetReport semicolons = Profiling.report(new CsvProfiler(';'),
				"a;b\n1,5;\"x;y\"\n2,5;z\n".getBytes(StandardCharsets.UTF_8));
		assertThat(semicolons.malformedRows()).isZero();
		assertThat(column(semicolons, "a").type()).isEqualTo(ColumnType.TEXT);
		assertThat(column(semicolons, "b").topValues()).extracting(TopValue::value).containsExactly("x;y", "z");
		DatasetReport tabs = Profiling.report(new CsvProfiler('\t'), "a\tb\n1\t2\n".getBytes(StandardCharsets.UTF_8));
		assertThat(column(tabs, "b").max()).isEqualByComparingTo("2");
	}

	@Test
	void quoteOrLineBreakIsNotADelimiter() {
		assertThatIllegalArgumentException().isThrownBy(() -> new CsvProfiler('"'));
		assertThatIllegalArgumentException().isThrownBy(() -> new CsvProfiler('\n'));
	}

	@Test
	void headerOnlyGivesColumnsWithoutRows() {
		DatasetReport report = report("a,b\n");
		assertThat(report.rows()).isZero();
		assertThat(report.columns()).extracting(ColumnReport::type).containsExactly(ColumnType.EMPTY, ColumnType.EMPTY);
	}

	@Test
	void blankHeaderCellsAreNamedByPosition() {
		DatasetReport report = report("a,,\"\"\n1,2,3\n");
		assertThat(report.columns()).extracting(ColumnReport::name).containsExactly("a", "column_2", "column_3");
	}

	@Test
	void quotesInsideAnUnquotedFieldAreData() {
		DatasetReport report = report("a,b\nsay \"x,1\n");
		assertThat(report.malformedRows()).isZero();
		assertThat(column(report, "a").topValues()).extracting(TopValue::value).containsExactly("say \"x");
	}

	@Test
	void fileIsReadFromAPathChunkByChunk(@TempDir Path dir) throws IOException {
		Path file = dir.resolve("data.csv");
		Files.writeString(file, "n\n1\n2\n3\n4\n5\n");
		CsvProfiler profiler = new CsvProfiler();
		Checkpoint first = profiler.profile(file, Checkpoint.start(), 2);
		assertThat(first.finished()).isFalse();
		assertThat(first.rows()).isEqualTo(2);
		assertThat(first.offset()).isEqualTo("n\n1\n2\n".length());
		assertThat(first.line()).isEqualTo(4);
		Checkpoint last = profiler.profile(file, profiler.profile(file, first, 2), 2);
		assertThat(last.finished()).isTrue();
		assertThat(profiler.profile(file, last, 2)).isSameAs(last);
		assertThat(profiler.report(last).columns()).singleElement()
			.satisfies((n) -> assertThat(n.mean()).isEqualTo(3.0));
		assertThat(List.of(last.rows(), last.offset(), last.line())).containsExactly(5L, 12L, 7L);
	}

}
