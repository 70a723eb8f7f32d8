package dev.longhaul.processing.profile;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Random;

import de.siegmar.fastcsv.reader.CsvReader;
import de.siegmar.fastcsv.writer.LineDelimiter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.withinPercentage;

/**
 * Profiling in chunks, with the checkpoint through JSON between chunks, gives the same
 * report as profiling in one go.
 */
class ResumeFromCheckpointTest {

	private static final byte[] TRICKY = ("\uFEFFid,text,amount\r\n" + "1,\"multi\r\nline\",1.5\r\n" + "\r\n"
			+ "2,\"say \"\"hi\"\"\",2\n" + "3,too,many,fields\r" + "4,é€😀,3.25\n" + "5,\"a,b\",\n" + "6,x\n"
			+ "7,\"open quote,4\n8,y,5\n")
		.getBytes(StandardCharsets.UTF_8);

	private final CsvProfiler profiler = new CsvProfiler();

	@ParameterizedTest(name = "{0} rows per chunk")
	@ValueSource(ints = { 1, 2, 3, 7, 256, 257, 1000, 4999, 5000, 100_000 })
	void generatedDatasetInChunksGivesTheSameReportAsInOneGo(int rowsPerChunk) {
		GeneratedDataset data = new GeneratedDataset(7, 5000, LineDelimiter.LF);
		Checkpoint oneGo = Profiling.oneGo(this.profiler, data.bytes);
		Checkpoint chunked = Profiling.chunked(this.profiler, data.bytes, rowsPerChunk);
		assertThat(this.profiler.report(chunked)).isEqualTo(this.profiler.report(oneGo));
		assertThat(chunked.toJson()).isEqualTo(oneGo.toJson());
		assertThat(chunked.offset()).isEqualTo(data.bytes.length);
	}

	@ParameterizedTest(name = "{0} rows per chunk")
	@ValueSource(ints = { 1, 2, 3, 4, 5 })
	void trickyFileInChunksGivesTheSameReportAsInOneGo(int rowsPerChunk) {
		Checkpoint oneGo = Profiling.oneGo(this.profiler, TRICKY);
		Checkpoint chunked = Profiling.chunked(this.profiler, TRICKY, rowsPerChunk);
		assertThat(chunked.toJson()).isEqualTo(oneGo.toJson());
		DatasetReport report = this.profiler.report(oneGo);
		assertThat(report.rows()).isEqualTo(7);
		assertThat(report.errors()).containsExactly(new RowError(6, "expected 3 fields, found 4"),
				new RowError(9, "expected 3 fields, found 2"),
				new RowError(10, "quoted field not closed at the end of the file"));
		assertThat(oneGo.line()).isEqualTo(12);
		assertThat(oneGo.offset()).isEqualTo(TRICKY.length);
	}

	@Test
	void randomCsvLikeTextInChunksGivesTheSameReportAsInOneGo() {
		for (int seed = 0; seed < 300; seed++) {
			String text = randomCsvLikeText(seed, "ab,,\"\"\r\n\n 1é😀");
			byte[] data = text.getBytes(StandardCharsets.UTF_8);
			Checkpoint oneGo = Profiling.oneGo(this.profiler, data);
			assertThat(oneGo.offset()).isEqualTo(data.length);
			for (int rowsPerChunk : new int[] { 1, 2, 5 }) {
				assertThat(Profiling.chunked(this.profiler, data, rowsPerChunk).toJson()).as("seed %d", seed)
					.isEqualTo(oneGo.toJson());
			}
		}
	}

	@Test
	void batchesProfiledOnOtherThreadsGiveTheSameCheckpointsAsOneThread() {
		GeneratedDataset generated = new GeneratedDataset(11, 3000, LineDelimiter.CRLF);
		Checkpoint generatedOneGo = Profiling.oneGo(this.profiler, generated.bytes);
		try (ProfilingThreads threads = new ProfilingThreads(2, 3)) {
			for (int batchRows : new int[] { 1, 3, 64, CsvProfiler.BATCH_ROWS }) {
				CsvProfiler parallel = new CsvProfiler(',', threads, batchRows);
				for (int rowsPerChunk : new int[] { 7, 1000, Integer.MAX_VALUE }) {
					assertThat(Profiling.chunked(parallel, generated.bytes, rowsPerChunk).toJson())
						.as("batches of %d rows, chunks of %d", batchRows, rowsPerChunk)
						.isEqualTo(generatedOneGo.toJson());
				}
			}
			for (int seed = 0; seed < 300; seed++) {
				byte[] data = randomCsvLikeText(seed, "ab,,\"\"\r\n\n 1é😀").getBytes(StandardCharsets.UTF_8);
				String oneGo = Profiling.oneGo(this.profiler, data).toJson();
				for (int batchRows : new int[] { 1, 2, 5 }) {
					CsvProfiler parallel = new CsvProfiler(',', threads, batchRows);
					assertThat(Profiling.oneGo(parallel, data).toJson()).as("seed %d", seed).isEqualTo(oneGo);
					assertThat(Profiling.chunked(parallel, data, 3).toJson()).as("seed %d", seed).isEqualTo(oneGo);
				}
			}
		}
	}

	@Test
	void randomCsvLikeTextWithoutCarriageReturnsHasAsManyRowsAsFastCsvAloneFinds() {
		for (int seed = 0; seed < 300; seed++) {
			String text = randomCsvLikeText(seed, "ab,,\"\"\n\n 1é");
			long records = CsvReader.builder()
				.allowExtraFields(true)
				.allowMissingFields(true)
				.allowExtraCharsAfterClosingQuote(true)
				.ofCsvRecord(text)
				.stream()
				.count();
			assertThat(Profiling.report(text).rows()).as("seed %d", seed).isEqualTo(records - 1);
		}
	}

	private static String randomCsvLikeText(int seed, String alphabet) {
		Random random = new Random(seed);
		StringBuilder text = new StringBuilder("h1,h2\n");
		int length = random.nextInt(200);
		for (int i = 0; i < length; i++) {
			text.appendCodePoint(alphabet.codePointAt(
					alphabet.offsetByCodePoints(0, random.nextInt(alphabet.codePointCount(0, alphabet.length())))));
		}
		return text.toString();
	}

	@Test
	void checkpointJsonRoundTripsExactly() throws IOException {
		GeneratedDataset data = new GeneratedDataset(3, 1000, LineDelimiter.CRLF);
		Checkpoint midway = this.profiler.profile(new ByteArrayInputStream(data.bytes), Checkpoint.start(), 500);
		assertThat(midway.finished()).isFalse();
		assertThat(Checkpoint.fromJson(midway.toJson())).usingRecursiveComparison().isEqualTo(midway);
		assertThat(Checkpoint.fromJson(midway.toJson()).toJson()).isEqualTo(midway.toJson());
	}

	@Test
	void checkpointStaysSmallWhateverTheNumberOfRows() {
		int small = Profiling.oneGo(this.profiler, new GeneratedDataset(1, 2_000, LineDelimiter.LF).bytes)
			.toJson()
			.length();
		int large = Profiling.oneGo(this.profiler, new GeneratedDataset(1, 20_000, LineDelimiter.LF).bytes)
			.toJson()
			.length();
		// the Checkpoint javadoc says about 28 KiB per column at most
		assertThat(large).isLessThan(small * 2).isLessThan(8 * 28 * 1024);
	}

	@ParameterizedTest(name = "{0} rows per chunk")
	@ValueSource(ints = { 1000, 2047, 2049, 3333 })
	void columnsThatOutgrowTheExactCountMidFileGiveTheSameReportWhenResumed(int rowsPerChunk) {
		byte[] data = distinctColumns(12_000);
		Checkpoint oneGo = Profiling.oneGo(this.profiler, data);
		Checkpoint chunked = Profiling.chunked(this.profiler, data, rowsPerChunk);
		assertThat(chunked.toJson()).isEqualTo(oneGo.toJson());
		DatasetReport report = this.profiler.report(chunked);
		assertThat(report).isEqualTo(this.profiler.report(oneGo));
		assertExact(Profiling.column(report, "one"), 1);
		assertExact(Profiling.column(report, "few"), 600);
		assertExact(Profiling.column(report, "limit"), DistinctCounter.EXACT_LIMIT);
		ColumnReport beyond = Profiling.column(report, "beyond");
		assertThat(beyond.distinctExact()).isFalse();
		assertThat(beyond.distinctError()).isEqualTo(1.04 / 128);
		assertThat(beyond.distinct()).isCloseTo(DistinctCounter.EXACT_LIMIT + 1, withinPercentage(3 * 0.8125));
		ColumnReport many = Profiling.column(report, "many");
		assertThat(many.distinctExact()).isFalse();
		assertThat(many.distinct()).isCloseTo(12_000, withinPercentage(3 * 0.8125)).isLessThanOrEqualTo(12_000);
	}

	@ParameterizedTest(name = "after {0} rows")
	@ValueSource(ints = { 500, 2048, 2049, 4000 })
	void checkpointJsonRoundTripsExactlyInBothPhases(int rows) throws IOException {
		byte[] data = distinctColumns(5000);
		Checkpoint midway = this.profiler.profile(new ByteArrayInputStream(data), Checkpoint.start(), rows);
		assertThat(Checkpoint.fromJson(midway.toJson())).usingRecursiveComparison().isEqualTo(midway);
		assertThat(Checkpoint.fromJson(midway.toJson()).toJson()).isEqualTo(midway.toJson());
		ColumnReport many = Profiling.column(this.profiler.report(midway), "many");
		assertThat(many.distinctExact()).isEqualTo(rows <= DistinctCounter.EXACT_LIMIT);
	}

	@ParameterizedTest(name = "format {0}")
	@ValueSource(ints = { 1, 2 })
	void aCheckpointOfAnOlderFormatResumesWithTheErrorOfItsSketch(int format) throws IOException {
		byte[] data = distinctColumns(8000);
		Checkpoint midway = this.profiler.profile(new ByteArrayInputStream(data), Checkpoint.start(), 3000);
		String older = Profiling.asOlderFormat(midway, format);
		assertThat(older).startsWith("{\"format\":" + format + ",");

		Checkpoint checkpoint = Checkpoint.fromJson(older);
		assertThat(checkpoint.format()).isEqualTo(Checkpoint.FORMAT);
		while (!checkpoint.finished()) {
			int offset = Math.toIntExact(checkpoint.offset());
			checkpoint = Checkpoint.fromJson(this.profiler
				.profile(new ByteArrayInputStream(data, offset, data.length - offset), checkpoint, 2000)
				.toJson());
		}

		DatasetReport resumed = this.profiler.report(checkpoint);
		DatasetReport oneGo = this.profiler.report(Profiling.oneGo(this.profiler, data));
		assertThat(resumed).usingRecursiveComparison()
			.ignoringFields("columns.distinct", "columns.distinctExact", "columns.distinctError")
			.isEqualTo(oneGo);
		for (ColumnReport column : resumed.columns()) {
			assertThat(column.distinctExact()).as(column.name()).isFalse();
			assertThat(column.distinctError()).as(column.name()).isEqualTo(1.04 / 64);
			long expected = Profiling.column(oneGo, column.name()).distinct();
			assertThat(column.distinct()).as(column.name())
				.isCloseTo(expected, withinPercentage(3 * 1.625 + 3 * 0.8125));
		}
	}

	@Test
	void anOlderFormatsRegistersAreTheOnesItsSketchWouldHaveHad() throws IOException {
		byte[] data = distinctColumns(6000);
		Checkpoint done = Profiling.oneGo(this.profiler, data);
		Checkpoint older = Checkpoint.fromJson(Profiling.asOlderFormat(done, 2));
		String[] lines = new String(data, StandardCharsets.UTF_8).split("\n");
		for (int column = 0; column < done.header().size(); column++) {
			HyperLogLog direct = HyperLogLog.restore(new byte[4096]);
			for (int row = 1; row < lines.length; row++) {
				direct.add(lines[row].split(",")[column]);
			}
			assertThat(DistinctCounter.restore(older.columns().get(column).distinct()).count())
				.as(done.header().get(column))
				.isEqualTo(direct.estimate());
		}
	}

	@Test
	void unknownCheckpointFormatsAreRefused() {
		String future = Checkpoint.start().toJson().replace("\"format\":3", "\"format\":4");
		assertThatIllegalArgumentException().isThrownBy(() -> Checkpoint.fromJson(future))
			.withMessage("Unsupported checkpoint format 4");
	}

	private static void assertExact(ColumnReport column, long distinct) {
		assertThat(column.distinct()).as(column.name()).isEqualTo(distinct);
		assertThat(column.distinctExact()).as(column.name()).isTrue();
		assertThat(column.distinctError()).as(column.name()).isZero();
	}

	/**
	 * Columns with 1, 600, {@value DistinctCounter#EXACT_LIMIT} and one more distinct
	 * values, cycling through them, and one with a value per row.
	 */
	private static byte[] distinctColumns(int rows) {
		StringBuilder text = new StringBuilder("one,few,limit,beyond,many\n");
		for (int i = 0; i < rows; i++) {
			text.append("same,f")
				.append(i % 600)
				.append(",l")
				.append(i % DistinctCounter.EXACT_LIMIT)
				.append(",b")
				.append(i % (DistinctCounter.EXACT_LIMIT + 1))
				.append(",m")
				.append(i)
				.append('\n');
		}
		return text.toString().getBytes(StandardCharsets.UTF_8);
	}

	@Test
	void extremeNumbersSurviveTheRoundTrip() {
		byte[] data = "v\n1e300\n-1e300\n1e-300\n".getBytes(StandardCharsets.UTF_8);
		Checkpoint oneGo = Profiling.oneGo(this.profiler, data);
		Checkpoint chunked = Profiling.chunked(this.profiler, data, 1);
		assertThat(chunked.toJson()).isEqualTo(oneGo.toJson());
		assertThat(this.profiler.report(chunked)).isEqualTo(this.profiler.report(oneGo));
	}

}
