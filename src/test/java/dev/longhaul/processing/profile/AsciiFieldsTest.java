package dev.longhaul.processing.profile;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link ColumnProfile#addAscii} must profile exactly as {@link ColumnProfile#add} does
 * with the string of the same bytes.
 */
class AsciiFieldsTest {

	private static final String[] SHAPES = { "0", "-0", "+7", "007", "-0.0", "0.000", "1.", ".5", "-.5", "1e5", "1E-5",
			"2.5e+3", "1e400", "-1e-400", "1e22", "1e23", "123456789012345", "1234567890123456", "12345678901234567890",
			"9223372036854775807", "-9223372036854775808", "9223372036854775808", "999999999999999999",
			"0.1234567890123456789", "3.14159", "-2.5E-22", "4.9e-324", "1.7976931348623157e308", "e5", "1e", "+", "-",
			".", "1.2.3", "0x10", "NaN", "Infinity", "true", "FALSE", "True ", " tRuE", "yes", "2024-02-29",
			"2023-02-29", "2024-13-01", "2024-00-10", "2024-04-31", "0000-01-01", "9999-12-31", "2024-1-01",
			"2024-01-01T00:00", "2024-01-01T23:59:59", "2024-01-01 12:30:00Z", "2024-01-01t12:30:00.5+01:00",
			"2024-01-01T12:30:00.123456789-17:59", "2024-01-01T12:30:00.1234567890Z", "2024-01-01T24:00:00",
			"2024-01-01T12:30:60", "2024-01-01T12:30:00-00:00", "2024-01-01T12:30:00+18:00", "2024-01-01T12:30+01",
			"2024-01-01T12:30:00z", "2024-01-01T12:30:00+0100", "\t 42 \u001F", "\u000B", "  ", "", "x", "category",
			"a".repeat(150), "12".repeat(60) };

	@Test
	void asciiBytesProfileAsTheirString() {
		Random random = new Random(11);
		for (int run = 0; run < 300; run++) {
			List<String> values = new ArrayList<>();
			int kinds = 1 + random.nextInt(4);
			int[] pick = new int[kinds];
			for (int k = 0; k < kinds; k++) {
				pick[k] = random.nextInt(SHAPES.length);
			}
			for (int i = 0; i < 3000; i++) {
				String value = SHAPES[pick[random.nextInt(kinds)]];
				if (random.nextInt(3) == 0) {
					value = variant(value, random);
				}
				values.add(value);
			}
			ColumnProfile strings = new ColumnProfile();
			ColumnProfile bytes = new ColumnProfile();
			byte[] buffer = new byte[512];
			for (String value : values) {
				strings.add(value);
				byte[] ascii = value.getBytes(StandardCharsets.US_ASCII);
				int offset = random.nextInt(8);
				System.arraycopy(ascii, 0, buffer, offset, ascii.length);
				bytes.addAscii(buffer, offset, offset + ascii.length);
			}
			assertSameState(bytes.state(), strings.state(), values);
			assertThat(bytes.report("c")).isEqualTo(strings.report("c"));
		}
	}

	private static String variant(String value, Random random) {
		return switch (random.nextInt(4)) {
			case 0 -> Integer.toString(random.nextInt(2000) - 1000);
			case 1 -> (random.nextInt(2000) - 1000) / 100.0 + "";
			case 2 ->
				String.format("%04d-%02d-%02d", random.nextInt(3000), 1 + random.nextInt(12), 1 + random.nextInt(31));
			default -> String.format("%04d-%02d-%02dT%02d:%02d:%02d.%dZ", 1970 + random.nextInt(100),
					1 + random.nextInt(12), 1 + random.nextInt(28), random.nextInt(24), random.nextInt(60),
					random.nextInt(60), random.nextInt(1000));
		};
	}

	private static void assertSameState(ColumnState actual, ColumnState expected, List<String> values) {
		String context = values.subList(0, 10).toString();
		assertThat(actual.candidates()).as(context).isEqualTo(expected.candidates());
		assertThat(actual.values()).as(context).isEqualTo(expected.values());
		assertThat(actual.empty()).as(context).isEqualTo(expected.empty());
		assertThat(actual.numbers()).as(context).isEqualTo(expected.numbers());
		assertThat(Double.doubleToRawLongBits(actual.mean())).as(context)
			.isEqualTo(Double.doubleToRawLongBits(expected.mean()));
		assertThat(Double.doubleToRawLongBits(actual.squaredDeviations()))
			.isEqualTo(Double.doubleToRawLongBits(expected.squaredDeviations()));
		assertThat(Double.doubleToRawLongBits(actual.min())).isEqualTo(Double.doubleToRawLongBits(expected.min()));
		assertThat(Double.doubleToRawLongBits(actual.max())).isEqualTo(Double.doubleToRawLongBits(expected.max()));
		assertThat(actual.minInteger()).isEqualTo(expected.minInteger());
		assertThat(actual.maxInteger()).isEqualTo(expected.maxInteger());
		assertThat(actual.earliest()).as(context).isEqualTo(expected.earliest());
		assertThat(actual.latest()).as(context).isEqualTo(expected.latest());
		assertThat(actual.distinct()).isEqualTo(expected.distinct());
		assertThat(actual.quantiles()).isEqualTo(expected.quantiles());
		assertThat(actual.frequent()).isEqualTo(expected.frequent());
	}

}
