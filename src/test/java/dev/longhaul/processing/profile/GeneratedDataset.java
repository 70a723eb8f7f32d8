package dev.longhaul.processing.profile;

import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;

import de.siegmar.fastcsv.writer.CsvWriter;
import de.siegmar.fastcsv.writer.LineDelimiter;

/**
 * A seeded CSV of mixed columns, written by FastCSV's writer, with the values behind each
 * column kept for computing the expected report independently.
 */
public final class GeneratedDataset {

	static final String[] HEADER = { "id", "amount", "quantity", "active", "day", "at", "category", "note" };

	final List<Long> ids = new ArrayList<>();

	final List<Double> amounts = new ArrayList<>();

	final List<Long> quantities = new ArrayList<>();

	int emptyQuantities;

	final List<LocalDate> days = new ArrayList<>();

	final List<Instant> instants = new ArrayList<>();

	final List<String> categories = new ArrayList<>();

	public final byte[] bytes;

	public GeneratedDataset(long seed, int rows, LineDelimiter lineDelimiter) {
		Random random = new Random(seed);
		StringWriter out = new StringWriter();
		try (CsvWriter csv = CsvWriter.builder().lineDelimiter(lineDelimiter).build(out)) {
			csv.writeRecord(HEADER);
			for (int i = 0; i < rows; i++) {
				long id = 1_000_000L + i * 7L;
				String amount = String.format(Locale.ROOT, "%.3f", random.nextGaussian() * 250 + 1000);
				String quantity = "";
				if (random.nextInt(10) == 0) {
					this.emptyQuantities++;
				}
				else {
					long value = random.nextInt(2000) - 500;
					this.quantities.add(value);
					quantity = Long.toString(value);
				}
				LocalDate day = LocalDate.of(2020, 1, 1).plusDays(random.nextInt(1500));
				Instant instant = Instant.ofEpochSecond(1_600_000_000L + random.nextInt(100_000_000));
				String category = "cat-" + Math.min(random.nextInt(40), random.nextInt(40));
				String note = (random.nextInt(5) == 0) ? "line one\nline \"two\", with comma" : "plain " + i;
				this.ids.add(id);
				this.amounts.add(Double.parseDouble(amount));
				this.days.add(day);
				this.instants.add(instant);
				this.categories.add(category);
				csv.writeRecord(Long.toString(id), amount, quantity, Boolean.toString(random.nextBoolean()),
						day.toString(), instant.atOffset(ZoneOffset.ofHours(random.nextInt(5))).toString(), category,
						note);
			}
		}
		catch (java.io.IOException ex) {
			throw new IllegalStateException(ex);
		}
		this.bytes = out.toString().getBytes(StandardCharsets.UTF_8);
	}

}
