package dev.longhaul.processing.profile;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

import de.siegmar.fastcsv.reader.CloseableIterator;
import de.siegmar.fastcsv.reader.CsvParseException;
import de.siegmar.fastcsv.reader.CsvReader;
import org.jspecify.annotations.Nullable;

/**
 * Profiles a CSV file (RFC 4180, UTF-8, header row) chunk by chunk: each call reads up to
 * a number of rows from a {@link Checkpoint} and returns the next one, and
 * {@link #report(Checkpoint)} turns the last into a {@link DatasetReport}. Stopping after
 * any chunk and resuming from the checkpoint, in this process or another, gives the same
 * report as reading the file in one go.
 *
 * <p>
 * Memory is bounded whatever the file size: no row is kept, each column holds fixed-size
 * sketches, and a record is held while it is parsed only up to its {@link CsvLimits} (a
 * larger field, record or header row fails the file as not CSV). Column names longer than
 * {@value #MAX_COLUMN_NAME} characters are cut, ending with {@code …}, before any
 * checkpoint, report or email copies them. A malformed row is counted and reported, never
 * fatal. Blank lines are skipped (in a one-column file a blank value must be quoted to
 * count). Quotes are {@code "}; characters after a closing quote are read into the field,
 * as FastCSV's lenient mode does.
 *
 * <p>
 * Records are parsed by FastCSV behind a {@link RecordBoundaryReader}, which knows the
 * exact byte offset after each. Rows are added to the column profiles in batches; given
 * {@link ProfilingThreads}, those threads profile a batch's columns while the caller
 * reads the next batch, with the same results (see {@link ParallelColumns}).
 *
 * <p>
 * Reading a file, a column counts its frequent items (reported for text columns only)
 * once it is text: one that turns text after other values has them rebuilt by reading the
 * file again up to that row, so that the report is the one of counting them all along,
 * which a stream that cannot be read again does.
 *
 * <p>
 * Thread-safe: it holds only its settings.
 */
public final class CsvProfiler {

	static final int MAX_ERRORS = 100;

	/** The most columns profiled; a wider file fails with a clear error. */
	static final int MAX_COLUMNS = 1000;

	/** The longest column name kept; a longer one is cut, ending with {@code …}. */
	static final int MAX_COLUMN_NAME = 128;

	static final char QUOTE = '"';

	/** A batch's most rows, fields and bytes: about 256 KB of a 10-column file. */
	static final int BATCH_ROWS = 2048;

	static final int BATCH_FIELDS = 32 * 1024;

	static final int BATCH_BYTES = 512 * 1024;

	private final char delimiter;

	private final ProfilingThreads threads;

	private final int batchRows;

	private final CsvLimits limits;

	CsvProfiler() {
		this(',');
	}

	/**
	 * A profiler of files with the given delimiter.
	 * @param delimiter the field delimiter, such as {@code ','}, {@code ';'} or a tab
	 * @throws IllegalArgumentException if the delimiter is a quote or a line break
	 */
	public CsvProfiler(char delimiter) {
		this(delimiter, ProfilingThreads.NONE);
	}

	/**
	 * A profiler of files with the given delimiter that profiles columns on other threads
	 * too.
	 * @param delimiter the field delimiter, such as {@code ','}, {@code ';'} or a tab
	 * @param threads the threads that profile columns while the caller reads rows
	 * @throws IllegalArgumentException if the delimiter is a quote or a line break
	 */
	CsvProfiler(char delimiter, ProfilingThreads threads) {
		this(delimiter, threads, CsvLimits.DEFAULTS);
	}

	/**
	 * A profiler of files with the given delimiter and limits that profiles columns on
	 * other threads too.
	 * @param delimiter the field delimiter, such as {@code ','}, {@code ';'} or a tab
	 * @param threads the threads that profile columns while the caller reads rows
	 * @param limits the largest field, record and header row
	 * @throws IllegalArgumentException if the delimiter is a quote or a line break
	 */
	public CsvProfiler(char delimiter, ProfilingThreads threads, CsvLimits limits) {
		this(delimiter, threads, BATCH_ROWS, limits);
	}

	/**
	 * A profiler as {@link #CsvProfiler(char, ProfilingThreads)} with batches of at most
	 * the given number of rows (tests use small ones).
	 */
	CsvProfiler(char delimiter, ProfilingThreads threads, int batchRows) {
		this(delimiter, threads, batchRows, CsvLimits.DEFAULTS);
	}

	/**
	 * A profiler as {@link #CsvProfiler(char, ProfilingThreads, CsvLimits)} with batches
	 * of at most the given number of rows (tests use small ones).
	 */
	CsvProfiler(char delimiter, ProfilingThreads threads, int batchRows, CsvLimits limits) {
		if (delimiter == QUOTE || delimiter == '\r' || delimiter == '\n') {
			throw new IllegalArgumentException("Invalid delimiter: " + (int) delimiter);
		}
		if (batchRows < 1) {
			throw new IllegalArgumentException("batchRows must be positive, was " + batchRows);
		}
		this.delimiter = delimiter;
		this.threads = threads;
		this.batchRows = batchRows;
		this.limits = limits;
	}

	/**
	 * Profiles the next chunk of a file.
	 * @param file the CSV file
	 * @param from where the previous chunk stopped, or {@link Checkpoint#start()}
	 * @param maxRows the most data rows to read
	 * @return where this chunk stopped; {@code from} itself if it was finished
	 * @throws NotCsvException if the file is not CSV text or has no header row
	 * @throws IOException if the file cannot be read
	 */
	public Checkpoint profile(Path file, Checkpoint from, int maxRows) throws IOException {
		if (from.finished()) {
			return from;
		}
		try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
			channel.position(from.offset());
			return profile(Channels.newInputStream(channel), from, maxRows,
					() -> Files.newInputStream(file, StandardOpenOption.READ));
		}
	}

	/**
	 * Profiles the next chunk of a stream.
	 * @param in the CSV data, positioned at {@link Checkpoint#offset() from.offset()};
	 * read, not closed
	 * @param from where the previous chunk stopped, or {@link Checkpoint#start()}
	 * @param maxRows the most data rows to read
	 * @return where this chunk stopped; {@code from} itself if it was finished
	 * @throws NotCsvException if the data is not CSV text or has no header row
	 * @throws IOException if the stream cannot be read
	 */
	Checkpoint profile(InputStream in, Checkpoint from, int maxRows) throws IOException {
		return profile(in, from, maxRows, null);
	}

	/**
	 * Profiles the next chunk of a stream that can be read again from the start.
	 * @param in the CSV data, positioned at {@link Checkpoint#offset() from.offset()};
	 * read, not closed
	 * @param from where the previous chunk stopped, or {@link Checkpoint#start()}
	 * @param maxRows the most data rows to read
	 * @param whole the whole data again, from its first byte, or {@code null} if it
	 * cannot be read again: then every column counts its frequent items all along
	 * @return where this chunk stopped; {@code from} itself if it was finished
	 * @throws NotCsvException if the data is not CSV text or has no header row
	 * @throws IOException if the stream cannot be read
	 */
	Checkpoint profile(InputStream in, Checkpoint from, int maxRows, @Nullable Source whole) throws IOException {
		if (maxRows < 1) {
			throw new IllegalArgumentException("maxRows must be positive, was " + maxRows);
		}
		if (from.finished()) {
			return from;
		}
		RecordBoundaryReader reader = new RecordBoundaryReader(in, from.offset(), from.line(), this.delimiter, QUOTE,
				this.limits);
		ChunkProfile chunk = new ChunkProfile(from, whole, this.delimiter, new ParallelColumns(this.threads),
				this.batchRows, this.limits);
		RowHandler handler = new RowHandler(reader, chunk.batch());
		long offset = from.offset();
		long line = from.line();
		boolean finished = false;
		int rows = 0;
		boolean completed = false;
		this.threads.readerStarted();
		try (CsvReader<CsvRow> csv = csvReader(reader, this.delimiter, handler, this.limits)) {
			CloseableIterator<CsvRow> records = csv.iterator();
			while (rows < maxRows) {
				if (!records.hasNext()) {
					finished = true;
					offset = reader.offset();
					line = reader.line();
					break;
				}
				CsvRow row = records.next();
				if (chunk.add(row)) {
					rows++;
					if (chunk.batch().full()) {
						handler.use(chunk.handOver());
					}
				}
				offset = row.end();
				line = row.nextLine();
			}
			chunk.handOver();
			chunk.awaitBatch();
			completed = true;
		}
		catch (CsvParseException ex) {
			throw unwrap(ex, reader);
		}
		catch (UncheckedIOException ex) {
			throw ex.getCause();
		}
		finally {
			this.threads.readerEnded();
			if (!completed) {
				chunk.abandon();
			}
		}
		if (chunk.header().isEmpty()) {
			throw new NotCsvException("Not CSV: no header row (the file is empty or blank)");
		}
		return chunk.checkpoint(offset, line, finished);
	}

	/**
	 * FastCSV reading the records a {@link RecordBoundaryReader} hands out, as every run
	 * reads them.
	 * @param reader the characters
	 * @param delimiter the field delimiter
	 * @param handler what makes the records
	 * @param limits the largest field, which FastCSV's buffer must hold
	 * @return the reader of its records, to close
	 */
	static CsvReader<CsvRow> csvReader(RecordBoundaryReader reader, char delimiter, RowHandler handler,
			CsvLimits limits) {
		return CsvReader.builder()
			.fieldSeparator(delimiter)
			.quoteCharacter(QUOTE)
			.skipEmptyLines(true)
			.allowExtraFields(true)
			.allowMissingFields(true)
			.allowExtraCharsAfterClosingQuote(true)
			.detectBomHeader(false)
			// The reader fails a larger field first, with a message that names the
			// setting.
			.maxBufferSize(limits.fastCsvBufferSize())
			.build(handler, reader);
	}

	/**
	 * The report of the rows profiled up to a checkpoint: the whole file's once it is
	 * {@link Checkpoint#finished() finished}.
	 * @param checkpoint the checkpoint
	 * @return the report
	 */
	public DatasetReport report(Checkpoint checkpoint) {
		List<ColumnReport> columns = new ArrayList<>(checkpoint.columns().size());
		for (int i = 0; i < checkpoint.columns().size(); i++) {
			columns.add(ColumnProfile.restore(checkpoint.columns().get(i)).report(checkpoint.header().get(i)));
		}
		return new DatasetReport(checkpoint.rows(), checkpoint.malformedRows(), checkpoint.errors(),
				List.copyOf(columns));
	}

	static RuntimeException unwrap(CsvParseException ex, RecordBoundaryReader reader) {
		if (ex.getCause() instanceof NotCsvException notCsv) {
			return notCsv;
		}
		if (ex.getCause() instanceof IllegalStateException illegalState) {
			return illegalState;
		}
		return new NotCsvException("Unreadable CSV record starting at line " + reader.recordLine() + " or after: "
				+ ((ex.getCause() != null) ? ex.getCause().getMessage() : ex.getMessage()));
	}

	/**
	 * A source of the data from its first byte.
	 */
	@FunctionalInterface
	interface Source {

		/**
		 * Opens the data.
		 * @return a stream at its first byte, for the caller to close
		 * @throws IOException if it cannot be opened
		 */
		InputStream open() throws IOException;

	}

}
