package dev.longhaul.processing;

import java.math.BigDecimal;
import java.util.List;

import de.siegmar.fastcsv.reader.CsvReader;
import de.siegmar.fastcsv.reader.CsvRecord;
import org.junit.jupiter.api.Test;

import dev.longhaul.processing.profile.ColumnReport;
import dev.longhaul.processing.profile.ColumnType;
import dev.longhaul.processing.profile.DatasetReport;
import dev.longhaul.processing.profile.TopValue;

import static org.assertj.core.api.Assertions.assertThat;

class ReportCsvTest {

	@Test
	void cellsThatBeginLikeAFormulaArePrefixedWithAQuoteAndQuoted() {
		DatasetReport report = new DatasetReport(1, 0, List.of(),
				List.of(text("=1+1", new TopValue("@SUM(A1:A9)", 3, 0), new TopValue("x", 1, 0)),
						text("+cmd|' /C calc'!A0"), text("-2+3"), text("\tname"), text("\rname"),
						text("safe name", new TopValue("=HYPERLINK(1)", 2, 0))));

		String csv = ReportCsv.write(report);

		List<String> lines = csv.lines().toList();
		assertThat(lines.get(1)).startsWith("\"'=1+1\",text,").endsWith(",\"'@SUM(A1:A9)=3; x=1\"");
		assertThat(lines.get(2)).startsWith("\"'+cmd|' /C calc'!A0\",");
		assertThat(lines.get(3)).startsWith("\"'-2+3\",");
		assertThat(lines.get(4)).startsWith("\"'\tname\",");
		assertThat(csv).contains("\n\"'\rname\",");
		assertThat(csv).contains("\nsafe name,text,").contains(",\"'=HYPERLINK(1)=2\"");
		// Read back, the neutralised cells keep the value after the quote.
		List<CsvRecord> records = CsvReader.builder().ofCsvRecord(csv).stream().toList();
		assertThat(records.get(1).getField(0)).isEqualTo("'=1+1");
		assertThat(records.get(5).getField(0)).isEqualTo("'\rname");
	}

	@Test
	void numbersOurStatisticsWriteStayNumbersEvenWhenNegative() {
		ColumnReport column = new ColumnReport("-5", ColumnType.DECIMAL, 3, 0, 3, true, 0, new BigDecimal("-5"),
				new BigDecimal("-1.5E+3"), -2.5, 1.0E-5, -1.0E-5, -0.5, -0.25, null, null, List.of(), null);

		String csv = ReportCsv.write(new DatasetReport(3, 0, List.of(), List.of(column)));

		assertThat(csv.lines().toList().get(1))
			.isEqualTo("-5,decimal,3,0,3,true,0.0,-5,-1.5E+3,-2.5,1.0E-5,-1.0E-5,-0.5,-0.25,,,");
	}

	@Test
	void theErrorOfEachDistinctCountFollowsIt() {
		ColumnReport estimated = new ColumnReport("id", ColumnType.INTEGER, 40_000, 0, 39_939, false, 0.008125, null,
				null, null, null, null, null, null, null, null, List.of(), null);

		String csv = ReportCsv.write(new DatasetReport(40_000, 0, List.of(), List.of(estimated, text("name"))));

		assertThat(csv.lines().toList().get(0))
			.startsWith("column,type,count,empty,distinct,distinct_exact,distinct_error,min,");
		assertThat(csv.lines().toList().get(1)).startsWith("id,integer,40000,0,39939,false,0.008125,,");
		assertThat(csv.lines().toList().get(2)).startsWith("name,text,1,0,1,true,0.0,,");
	}

	@Test
	void onlyTheRiskyFirstCharactersAreNeutralised() {
		assertThat(ReportCsv.cell("a=1")).isEqualTo("a=1");
		assertThat(ReportCsv.cell("'=1")).isEqualTo("'=1");
		assertThat(ReportCsv.cell("-")).isEqualTo("'-");
		assertThat(ReportCsv.cell("-5x")).isEqualTo("'-5x");
		assertThat(ReportCsv.cell("-Infinity")).isEqualTo("'-Infinity");
		assertThat(ReportCsv.cell("@")).isEqualTo("'@");
		assertThat(ReportCsv.cell(null)).isEmpty();
		assertThat(ReportCsv.cell("")).isEmpty();
	}

	private static ColumnReport text(String name, TopValue... top) {
		return new ColumnReport(name, ColumnType.TEXT, 1, 0, 1, true, 0, null, null, null, null, null, null, null, null,
				null, List.of(top), null);
	}

}
