package dev.longhaul.processing.profile;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.util.unit.DataSize;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * The limits on fields, records and header rows, column names, and NUL bytes anywhere.
 */
class CsvLimitsTest {

	private static final int FIFTEEN_MB = 15 * 1024 * 1024;

	@TempDir
	Path dir;

	@Test
	void rowOfHugeFieldsLargerThanTheHeapFailsAtTheFieldLimitAfterReadingLittleMoreThanIt() {
		// 60 fields of 15 MB were buffered whole; this row is twice the heap.
		long fields = 2 * Runtime.getRuntime().maxMemory() / FIFTEEN_MB + 1;
		GeneratedRow row = new GeneratedRow("a,b\n", fields, FIFTEEN_MB);

		assertThatExceptionOfType(NotCsvException.class)
			.isThrownBy(() -> new CsvProfiler().profile(row, Checkpoint.start(), 10))
			.withMessage("Not CSV: a field of the record at line 2 is larger than 256KB "
					+ "(longhaul.processing.max-field-size)");
		assertThat(row.served).isLessThan(CsvLimits.DEFAULTS.maxFieldBytes() + 256 * 1024);
	}

	@Test
	void rowOfManyFieldsUnderTheFieldLimitFailsAtTheRecordLimitAfterReadingLittleMoreThanIt() {
		// Each field fits (200 KB), FastCSV holds one at a time, the row does not fit.
		long fields = 2 * Runtime.getRuntime().maxMemory() / (200 * 1024) + 1;
		GeneratedRow row = new GeneratedRow("a,b\n", fields, 200 * 1024);

		assertThatExceptionOfType(NotCsvException.class)
			.isThrownBy(() -> new CsvProfiler().profile(row, Checkpoint.start(), 10))
			.withMessage("Not CSV: the record at line 2 is larger than 1MB (longhaul.processing.max-record-size)");
		assertThat(row.served).isLessThan(CsvLimits.DEFAULTS.maxRecordBytes() + 256 * 1024);
	}

	@Test
	void quotedFieldThatNeverClosesFailsAtTheFieldLimit() {
		GeneratedRow row = new GeneratedRow("a,b\n1,\"", 1, FIFTEEN_MB);

		assertThatExceptionOfType(NotCsvException.class)
			.isThrownBy(() -> new CsvProfiler().profile(row, Checkpoint.start(), 10))
			.withMessageContaining("a field of the record at line 2 is larger than 256KB");
	}

	@Test
	void headerRowLargerThanItsLimitFails() {
		String header = String.join(",", Collections.nCopies(100, "h".repeat(1000))) + "\n1\n";

		assertThatExceptionOfType(NotCsvException.class).isThrownBy(() -> Profiling.report(header))
			.withMessage("Not CSV: the header row is larger than 64KB (longhaul.processing.max-header-size)");
	}

	@Test
	void fieldsRecordsAndHeadersUpToTheirLimitsAreReadAndOneByteMoreIsNot() throws IOException {
		CsvLimits limits = new CsvLimits(10, 30, 12);
		// a 12-byte header, a 10-byte quoted field, a 10-byte field of 9 characters, a
		// record of exactly 30 bytes
		String header = "abc,def,gh\n";
		String fits = header + "\"12345678\",x,y\n1,12345678\u00e9,2\n1234567890,1234567890,1234567\n";
		assertThat(profile(limits, fits).rows()).isEqualTo(3);

		assertThatExceptionOfType(NotCsvException.class).isThrownBy(() -> profile(limits, header + "1,12345678901,x\n"))
			.withMessage("Not CSV: a field of the record at line 2 is larger than 10B "
					+ "(longhaul.processing.max-field-size)");
		assertThatExceptionOfType(NotCsvException.class)
			.isThrownBy(() -> profile(limits, header + "1,2,3\n1,\"123456789\",x\n"))
			.withMessageContaining("a field of the record at line 3");
		assertThatExceptionOfType(NotCsvException.class)
			.isThrownBy(() -> profile(limits, header + "1,123456789\u00e9,x\n"))
			.withMessageContaining("a field of the record at line 2");
		assertThatExceptionOfType(NotCsvException.class).isThrownBy(() -> profile(limits, header + "1,2,12345678901"))
			.withMessageContaining("a field of the record at line 2");
		assertThatExceptionOfType(NotCsvException.class)
			.isThrownBy(() -> profile(limits, header + "1234567890,1234567890,12345678\n"))
			.withMessage("Not CSV: the record at line 2 is larger than 30B (longhaul.processing.max-record-size)");
		assertThatExceptionOfType(NotCsvException.class).isThrownBy(() -> profile(limits, "abcd,efghi,jk\n1,2,3\n"))
			.withMessage("Not CSV: the header row is larger than 12B (longhaul.processing.max-header-size)");
	}

	@Test
	void limitsOfTheSettingsMustFitInARecord() {
		assertThat(CsvLimits.of(DataSize.ofKilobytes(256), DataSize.ofMegabytes(1), DataSize.ofKilobytes(64)))
			.isEqualTo(CsvLimits.DEFAULTS);
		assertThatIllegalArgumentException()
			.isThrownBy(() -> CsvLimits.of(DataSize.ofMegabytes(2), DataSize.ofMegabytes(1), DataSize.ofKilobytes(64)));
		assertThatIllegalArgumentException()
			.isThrownBy(() -> CsvLimits.of(DataSize.ofKilobytes(1), DataSize.ofGigabytes(1), DataSize.ofKilobytes(1)));
		assertThatIllegalArgumentException()
			.isThrownBy(() -> CsvLimits.of(DataSize.ofBytes(0), DataSize.ofMegabytes(1), DataSize.ofKilobytes(64)));
	}

	@Test
	void columnNamesLongerThanTheCapAreCutWithAMarkerInTheCheckpointAndTheReport() {
		String longName = "n".repeat(CsvProfiler.MAX_COLUMN_NAME);
		String emoji = "x".repeat(CsvProfiler.MAX_COLUMN_NAME - 2) + "\uD83D\uDE00tail";
		byte[] csv = (longName + "," + longName + "x," + emoji + "\n1,2,3\n").getBytes(StandardCharsets.UTF_8);
		CsvProfiler profiler = new CsvProfiler();

		Checkpoint done = Profiling.oneGo(profiler, csv);

		String cut = "n".repeat(CsvProfiler.MAX_COLUMN_NAME - 1) + "…";
		String cutBeforePair = "x".repeat(CsvProfiler.MAX_COLUMN_NAME - 2) + "…";
		assertThat(done.header()).containsExactly(longName, cut, cutBeforePair);
		assertThat(profiler.report(done).columns()).extracting(ColumnReport::name)
			.containsExactly(longName, cut, cutBeforePair);
	}

	@Test
	void nulByteAfterTwoMegabytesFailsTheFileAsBinary() throws IOException {
		Path file = this.dir.resolve("late-nul.csv");
		long nulAt;
		try (OutputStream out = Files.newOutputStream(file)) {
			byte[] row = "12345,some text,2024-01-01\n".getBytes(StandardCharsets.US_ASCII);
			out.write("id,name,day\n".getBytes(StandardCharsets.US_ASCII));
			long written = 12;
			while (written < 2 * 1024 * 1024) {
				out.write(row);
				written += row.length;
			}
			out.write("1,bin".getBytes(StandardCharsets.US_ASCII));
			nulAt = written + 5;
			out.write(new byte[] { 0, 'x', '\n', '2', ',', 'b', ',', 'c', '\n' });
		}

		assertThatExceptionOfType(NotCsvException.class)
			.isThrownBy(() -> new CsvProfiler().profile(file, Checkpoint.start(), Integer.MAX_VALUE))
			.withMessage("Not CSV text: binary content (a NUL byte at byte offset " + nulAt + ")");
	}

	@Test
	void nulByteInAQuotedFieldOrAfterACheckpointIsBinaryToo() {
		byte[] quoted = "a,b\n1,\"x\0y\"\n".getBytes(StandardCharsets.UTF_8);
		byte[] padding = ("a,b\n" + "1,2\n".repeat(400) + "3,\0\n").getBytes(StandardCharsets.UTF_8);
		CsvProfiler profiler = new CsvProfiler();

		assertThatExceptionOfType(NotCsvException.class).isThrownBy(() -> Profiling.oneGo(profiler, quoted))
			.withMessageContaining("a NUL byte at byte offset 8");
		assertThatExceptionOfType(NotCsvException.class).isThrownBy(() -> Profiling.chunked(profiler, padding, 100))
			.withMessageContaining("a NUL byte at byte offset " + (4 + 400 * 4 + 2));
	}

	private static Checkpoint profile(CsvLimits limits, String csv) throws IOException {
		CsvProfiler profiler = new CsvProfiler(',', ProfilingThreads.NONE, limits);
		return profiler.profile(new ByteArrayInputStream(csv.getBytes(StandardCharsets.UTF_8)), Checkpoint.start(),
				Integer.MAX_VALUE);
	}

	/**
	 * A header, then one row of fields of {@code x}, made as it is read: never in memory.
	 */
	private static final class GeneratedRow extends InputStream {

		private final byte[] head;

		private final long fields;

		private final long fieldBytes;

		private long field;

		private long inField;

		private int headAt;

		long served;

		GeneratedRow(String head, long fields, long fieldBytes) {
			this.head = head.getBytes(StandardCharsets.UTF_8);
			this.fields = fields;
			this.fieldBytes = fieldBytes;
		}

		@Override
		public int read() {
			byte[] one = new byte[1];
			return (read(one, 0, 1) < 0) ? -1 : one[0];
		}

		@Override
		public int read(byte[] b, int off, int len) {
			int n = 0;
			while (n < len) {
				int next = next();
				if (next < 0) {
					break;
				}
				b[off + n++] = (byte) next;
			}
			this.served += n;
			return (n == 0 && len > 0) ? -1 : n;
		}

		private int next() {
			if (this.headAt < this.head.length) {
				return this.head[this.headAt++];
			}
			if (this.field == this.fields) {
				return -1;
			}
			if (this.inField < this.fieldBytes) {
				this.inField++;
				return 'x';
			}
			this.inField = 0;
			this.field++;
			return (this.field == this.fields) ? '\n' : ',';
		}

	}

}
