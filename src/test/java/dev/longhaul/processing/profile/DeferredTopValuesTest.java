package dev.longhaul.processing.profile;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Reading a file, the profiler counts frequent items only once a column is text and
 * rebuilds them from the file when a column turns text late: the report must be the one
 * of counting them all along (as it does for a stream it cannot read again).
 */
class DeferredTopValuesTest {

	private static final String[] WORDS = { "red", "green", "blue", "é", "a b", "  padded  " };

	private static final ProfilingThreads ONE_THREAD = new ProfilingThreads(1, 2);

	private static final ProfilingThreads TWO_THREADS = new ProfilingThreads(2, 3);

	@TempDir
	Path directory;

	@ParameterizedTest(name = "{0} rows per chunk")
	@ValueSource(ints = { 1, 7, 999, 1000, 1001, 100_000 })
	void columnsTurningTextLateReportTheTopValuesOfAllTheirValues(int rowsPerChunk) throws IOException {
		byte[] data = lateTextColumns(3000);
		Path file = write(data);
		CsvProfiler profiler = new CsvProfiler();
		DatasetReport expected = profiler.report(Profiling.oneGo(profiler, data));
		assertThat(profiler.report(chunked(profiler, file, rowsPerChunk))).isEqualTo(expected);
		assertThat(Profiling.column(expected, "late").type()).isEqualTo(ColumnType.TEXT);
		assertThat(Profiling.column(expected, "late").topValues()).isNotEmpty();
		assertThat(Profiling.column(expected, "last").type()).isEqualTo(ColumnType.TEXT);
	}

	@ParameterizedTest(name = "delimiter {0}")
	@ValueSource(chars = { ';', '\t', '\u00a7' })
	void otherDelimitersRebuildTheSameTopValues(char delimiter) throws IOException {
		byte[] data = new String(lateTextColumns(3000), StandardCharsets.UTF_8).replace(',', delimiter)
			.getBytes(StandardCharsets.UTF_8);
		Path file = write(data);
		CsvProfiler profiler = new CsvProfiler(delimiter);
		DatasetReport expected = profiler.report(Profiling.oneGo(profiler, data));
		for (int rowsPerChunk : new int[] { 1, 999, Integer.MAX_VALUE }) {
			assertThat(profiler.report(chunked(profiler, file, rowsPerChunk))).isEqualTo(expected);
		}
		assertThat(Profiling.column(expected, "late").topValues()).isNotEmpty();
		assertThat(expected.columns()).hasSize(7);
	}

	@ParameterizedTest(name = "batches of {0} rows on {1} profiling threads, {2} files")
	@CsvSource({ "2048, 0, 200", "1, 2, 50", "5, 1, 50", "64, 2, 50" })
	void randomFilesReportAsIfCountedAllAlong(int batchRows, int threadCount, int files) throws IOException {
		for (int seed = 0; seed < files; seed++) {
			Random random = new Random(seed);
			StringBuilder text = new StringBuilder("a,b,c\n");
			int rows = random.nextInt(400);
			int[] turn = { random.nextInt(rows + 1), random.nextInt(rows + 1), random.nextInt(rows + 1) };
			for (int row = 0; row < rows; row++) {
				for (int column = 0; column < 3; column++) {
					if (column > 0) {
						text.append(',');
					}
					if (random.nextInt(10) == 0) {
						continue;
					}
					text.append((row >= turn[column] && random.nextBoolean()) ? WORDS[random.nextInt(WORDS.length)]
							: Integer.toString(random.nextInt(50)));
				}
				text.append((random.nextInt(50) == 0) ? ",extra\n" : (random.nextInt(20) == 0) ? "\n\n" : "\r\n");
			}
			byte[] data = text.toString().getBytes(StandardCharsets.UTF_8);
			Path file = write(data);
			CsvProfiler profiler = new CsvProfiler(',', threads(threadCount), batchRows);
			DatasetReport expected = new CsvProfiler().report(Profiling.oneGo(new CsvProfiler(), data));
			for (int rowsPerChunk : new int[] { 1, 13, Integer.MAX_VALUE }) {
				assertThat(profiler.report(chunked(profiler, file, rowsPerChunk))).as("seed %d", seed)
					.isEqualTo(expected);
			}
		}
	}

	@ParameterizedTest(name = "batches of {0} rows on {1} profiling threads")
	@CsvSource({ "2048, 0", "7, 2" })
	void aRunReadsItsFileAgainAtMostOnceHoweverManyColumnsTurnTextLate(int batchRows, int threadCount)
			throws IOException {
		// Column k is empty up to row 100k, then numbers, then text from row 100k + 50:
		// when column 0 turns text the others are still empty, and each turns text later.
		int columns = 20;
		StringBuilder text = new StringBuilder();
		for (int k = 0; k < columns; k++) {
			text.append((k > 0) ? "," : "").append('c').append(k);
		}
		text.append('\n');
		for (int row = 0; row < 100 * columns + 100; row++) {
			for (int k = 0; k < columns; k++) {
				text.append((k > 0) ? "," : "")
					.append((row < 100 * k) ? "" : (row < 100 * k + 50) ? Integer.toString(row % 7) : "t" + row % 3);
			}
			text.append('\n');
		}
		byte[] data = text.toString().getBytes(StandardCharsets.UTF_8);
		Path file = write(data);
		CsvProfiler profiler = new CsvProfiler(',', threads(threadCount), batchRows);
		AtomicInteger reads = new AtomicInteger();
		Checkpoint checkpoint = Checkpoint.start();
		while (!checkpoint.finished()) {
			try (FileChannel channel = FileChannel.open(file)) {
				channel.position(checkpoint.offset());
				checkpoint = Checkpoint
					.fromJson(profiler.profile(Channels.newInputStream(channel), checkpoint, 60, () -> {
						reads.incrementAndGet();
						return Files.newInputStream(file);
					}).toJson());
			}
		}

		assertThat(reads).as("reads of the whole file").hasValue(1);
		assertThat(checkpoint.topValuesRebuilt()).isTrue();
		assertThat(profiler.report(checkpoint)).isEqualTo(profiler.report(Profiling.oneGo(new CsvProfiler(), data)));
		assertThat(Profiling.column(profiler.report(checkpoint), "c19").topValues()).isNotEmpty();
	}

	@Test
	void aCheckpointOfFormat1ResumesCountingTopValuesAllAlong() throws IOException {
		byte[] data = lateTextColumns(3000);
		Path file = write(data);
		CsvProfiler profiler = new CsvProfiler();
		Checkpoint first = Checkpoint
			.fromJson(profiler.profile(new ByteArrayInputStream(data), Checkpoint.start(), 700).toJson());
		String format1 = Profiling.asOlderFormat(first, 1);
		assertThat(format1).contains("\"format\":1").doesNotContain("topValuesRebuilt");

		Checkpoint checkpoint = Checkpoint.fromJson(format1);
		while (!checkpoint.finished()) {
			checkpoint = Checkpoint.fromJson(profiler.profile(file, checkpoint, 999).toJson());
		}

		// the distinct counts go on in the coarser sketch of format 1
		assertThat(profiler.report(checkpoint)).usingRecursiveComparison()
			.ignoringFields("columns.distinct", "columns.distinctExact", "columns.distinctError")
			.isEqualTo(profiler.report(Profiling.oneGo(profiler, data)));
	}

	@AfterAll
	static void closeThreads() {
		ONE_THREAD.close();
		TWO_THREADS.close();
	}

	private static ProfilingThreads threads(int count) {
		return switch (count) {
			case 0 -> ProfilingThreads.NONE;
			case 1 -> ONE_THREAD;
			case 2 -> TWO_THREADS;
			default -> throw new IllegalArgumentException("No pool of " + count + " threads");
		};
	}

	private static byte[] lateTextColumns(int rows) {
		StringBuilder text = new StringBuilder("n,late,later,last,empty_first,words,day\r\n");
		for (int i = 1; i <= rows; i++) {
			text.append(i).append(',');
			text.append((i >= 1000 && i % 3 == 0) ? "x" + (i % 7) : Integer.toString(i % 40)).append(',');
			text.append((i == 2000) ? "later" : "2024-01-" + (10 + i % 20)).append(',');
			text.append((i == rows) ? "oops" : (i % 13) + ".5").append(',');
			text.append((i <= 500) ? "" : WORDS[i % WORDS.length]).append(',');
			text.append('"').append(WORDS[i % 4]).append("\",");
			text.append("2024-02-0").append(1 + i % 9).append((i % 100 == 1) ? ",extra\n" : "\r\n");
			if (i % 250 == 0) {
				text.append("\r\n");
			}
		}
		return text.toString().getBytes(StandardCharsets.UTF_8);
	}

	private Path write(byte[] data) throws IOException {
		Path file = Files.createTempFile(this.directory, "data", ".csv");
		Files.write(file, data);
		return file;
	}

	private static Checkpoint chunked(CsvProfiler profiler, Path file, int rowsPerChunk) throws IOException {
		Checkpoint checkpoint = Checkpoint.start();
		while (!checkpoint.finished()) {
			checkpoint = Checkpoint.fromJson(profiler.profile(file, checkpoint, rowsPerChunk).toJson());
		}
		return checkpoint;
	}

}
