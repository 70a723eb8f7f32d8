package dev.longhaul.processing;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import de.siegmar.fastcsv.writer.LineDelimiter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.jdbc.core.simple.JdbcClient;

import dev.longhaul.processing.profile.Checkpoint;
import dev.longhaul.processing.profile.CsvProfiler;
import dev.longhaul.processing.profile.DatasetReport;
import dev.longhaul.processing.profile.GeneratedDataset;
import dev.longhaul.support.LonghaulJar;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A dataset whose instance is killed with SIGKILL part way through resumes, when the
 * packaged application restarts on the same H2 file, from its last checkpoint rather than
 * after its 5-minute lease, and its report is exactly that of an uninterrupted run.
 */
class DatasetCrashIT {

	private static final int ROWS = 200_000;

	private static final Pattern ID = Pattern.compile("\"id\":(\\d+)");

	private static final Pattern ROWS_PROCESSED = Pattern.compile("\"rowsProcessed\":(\\d+)");

	private final JsonMapper json = JsonMapper.builder().build();

	@TempDir
	Path directory;

	@Test
	void aDatasetKilledPartWayResumesFromItsCheckpointWithTheReportOfAnUninterruptedRun() throws Exception {
		byte[] csv = new GeneratedDataset(11, ROWS, LineDelimiter.CRLF).bytes;
		Path file = this.directory.resolve("generated.csv");
		Files.write(file, csv);
		// Small chunks, so the kill lands between two of many checkpoints.
		String[] settings = { "--longhaul.processing.chunk-rows=250", "--longhaul.processing.concurrency=1" };
		long id;
		try (LonghaulJar first = LonghaulJar.start(this.directory, settings)) {
			String upload = first.http()
				.post()
				.uri("/api/datasets?name=generated.csv")
				.header("Content-Type", "text/csv")
				.body(csv)
				.exchange()
				.returnResult(String.class)
				.getResponseBody();
			Matcher matcher = ID.matcher(upload);
			assertThat(matcher.find()).as(upload).isTrue();
			id = Long.parseLong(matcher.group(1));
			await().atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofMillis(10)).until(() -> {
				long rows = rowsProcessed(first, id);
				return rows >= ROWS / 5;
			});

			first.sigkill();
		}
		JdbcClient jdbc = JdbcClient.create(LonghaulJar.database(this.directory));
		assertThat(jdbc.sql("SELECT status FROM jobs WHERE type = 'dataset'").query(String.class).single())
			.as("killed part way")
			.isEqualTo("RUNNING");

		long restarted = System.nanoTime();
		try (LonghaulJar second = LonghaulJar.start(this.directory, settings)) {
			await().atMost(Duration.ofMinutes(2))
				.until(() -> second.get("/api/datasets/" + id).contains("\"status\":\"SUCCEEDED\""));
			System.out.printf("dataset killed part way: SUCCEEDED %d ms after the restart began%n",
					(System.nanoTime() - restarted) / 1_000_000);
			assertThat(second.output()).containsPattern("Dataset job \\d+ resumes at byte [1-9]");
			assertThat(second.get("/api/datasets/" + id)).contains("\"attempts\":1");
			JsonNode report = this.json.readTree(second.get("/api/datasets/" + id + "/report"));
			assertThat(report).isEqualTo(this.json.readTree(this.json.writeValueAsString(uninterrupted(file))));
			second.sigterm();
		}
	}

	private static DatasetReport uninterrupted(Path file) throws Exception {
		CsvProfiler profiler = new CsvProfiler(',');
		return profiler.report(profiler.profile(file, Checkpoint.start(), Integer.MAX_VALUE));
	}

	private static long rowsProcessed(LonghaulJar app, long id) {
		Matcher matcher = ROWS_PROCESSED.matcher(app.get("/api/datasets/" + id));
		return matcher.find() ? Long.parseLong(matcher.group(1)) : 0;
	}

}
