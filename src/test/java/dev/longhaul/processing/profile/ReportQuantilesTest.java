package dev.longhaul.processing.profile;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import static dev.longhaul.processing.profile.Profiling.column;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * The 21 quantiles a report gives numeric, date and timestamp columns, from which the
 * report page draws their histograms.
 */
class ReportQuantilesTest {

	private static final String CSV = "n,day,at,word,flag\n" + IntStream.rangeClosed(1, 1000)
		.mapToObj((i) -> i + "," + LocalDate.of(2024, 1, 1).plusDays(i % 100) + ","
				+ Instant.ofEpochSecond(1_700_000_000L + i * 60L) + ",w" + (i % 7) + "," + (i % 2 == 0))
		.collect(Collectors.joining("\n", "", "\n"));

	@Test
	void numericColumnGetsTwentyOneQuantilesFromMinToMax() {
		List<Double> quantiles = column(Profiling.report(CSV), "n").quantiles();

		assertThat(quantiles).hasSize(ColumnProfile.QUANTILE_SLICES + 1).isSorted();
		assertThat(quantiles.get(0)).isEqualTo(1.0);
		assertThat(quantiles.get(20)).isEqualTo(1000.0);
		assertThat(quantiles.get(10)).isCloseTo(500.5, within(5.0));
		assertThat(quantiles.get(1)).isCloseTo(50.5, within(5.0));
	}

	@Test
	void dateAndTimestampColumnsGetQuantilesInSecondsSinceTheEpoch() {
		DatasetReport report = Profiling.report(CSV);

		List<Double> days = column(report, "day").quantiles();
		assertThat(days).hasSize(21).isSorted();
		assertThat(days.get(0))
			.isEqualTo((double) LocalDate.of(2024, 1, 1).toEpochSecond(java.time.LocalTime.MIDNIGHT, ZoneOffset.UTC));
		assertThat(days.get(20)).isEqualTo((double) LocalDate.of(2024, 1, 1)
			.plusDays(99)
			.toEpochSecond(java.time.LocalTime.MIDNIGHT, ZoneOffset.UTC));
		List<Double> times = column(report, "at").quantiles();
		assertThat(times.get(0)).isEqualTo(1_700_000_060.0);
		assertThat(times.get(20)).isEqualTo(1_700_060_000.0);
	}

	@Test
	void textAndBooleanColumnsGetNone() {
		DatasetReport report = Profiling.report(CSV);

		assertThat(column(report, "word").quantiles()).isNull();
		assertThat(column(report, "flag").quantiles()).isNull();
		assertThat(column(Profiling.report("a\n\n"), "a").quantiles()).isNull();
	}

	@Test
	void aResumedRunReportsTheSameQuantilesAsOneGo() {
		CsvProfiler profiler = new CsvProfiler();
		byte[] data = CSV.getBytes(StandardCharsets.UTF_8);

		DatasetReport chunked = profiler.report(Profiling.chunked(profiler, data, 77));

		assertThat(chunked).isEqualTo(Profiling.report(profiler, data));
	}

	@Test
	void aDateColumnResumedFromACheckpointWithoutItsInstantsReportsNoQuantiles() throws IOException {
		CsvProfiler profiler = new CsvProfiler();
		byte[] data = CSV.getBytes(StandardCharsets.UTF_8);
		Checkpoint half = profiler.profile(new ByteArrayInputStream(data), Checkpoint.start(), 500);
		// As a checkpoint written before dates went into the sketch: the day column's is
		// empty.
		JsonMapper json = JsonMapper.builder().build();
		ObjectNode tree = (ObjectNode) json.readTree(half.toJson());
		((ObjectNode) tree.get("columns").get(1)).put("quantiles",
				Base64.getEncoder().encodeToString(new QuantileSketch().state()));
		Checkpoint old = Checkpoint.fromJson(json.writeValueAsString(tree));
		int offset = Math.toIntExact(old.offset());

		DatasetReport report = profiler
			.report(profiler.profile(new ByteArrayInputStream(data, offset, data.length - offset), old, 10_000));

		assertThat(column(report, "day").quantiles()).isNull();
		assertThat(column(report, "day").earliest()).isEqualTo("2024-01-01");
		assertThat(column(report, "n").quantiles()).hasSize(21);
	}

}
