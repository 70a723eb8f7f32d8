package dev.longhaul.processing.profile;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class NotCsvTest {

	@Test
	void fileWiderThanTheColumnCapFailsClearlyInsteadOfGrowingAHugeCheckpoint() {
		String header = String.join(",", java.util.Collections.nCopies(CsvProfiler.MAX_COLUMNS + 1, "c")) + "\n";

		assertThatExceptionOfType(NotCsvException.class)
			.isThrownBy(() -> Profiling.report(header + String.join(",", java.util.Collections.nCopies(1001, "1"))))
			.withMessageContaining("Too many columns to profile: 1001");
	}

	private final CsvProfiler profiler = new CsvProfiler();

	@Test
	void emptyFileHasNoHeader() {
		assertNotCsv(new byte[0], "no header row");
	}

	@Test
	void fileWithOnlyABomOrBlankLinesHasNoHeader() {
		assertNotCsv(new byte[] { (byte) 0xEF, (byte) 0xBB, (byte) 0xBF }, "no header row");
		assertNotCsv("\n\r\n\n".getBytes(StandardCharsets.UTF_8), "no header row");
	}

	@Test
	void nulByteInTheFirstKilobyteIsBinary() {
		byte[] png = { (byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n', 0, 0, 0, 13, 'I', 'H', 'D', 'R' };
		assertNotCsv(png, "binary content (a NUL byte at byte offset 8)");
		byte[] utf16 = "a,b\n1,2\n".getBytes(StandardCharsets.UTF_16LE);
		assertNotCsv(utf16, "binary content");
	}

	@Test
	void invalidUtf8IsNotCsvText() {
		byte[] latin1 = "name\ncaf\u00e9\n".getBytes(StandardCharsets.ISO_8859_1);
		assertNotCsv(latin1, "Not UTF-8 text: invalid byte sequence at byte offset 8");
	}

	private void assertNotCsv(byte[] data, String message) {
		assertThatExceptionOfType(NotCsvException.class)
			.isThrownBy(() -> this.profiler.profile(new ByteArrayInputStream(data), Checkpoint.start(), 10))
			.withMessageContaining(message);
	}

}
