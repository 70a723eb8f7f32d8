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

	private static final char QUOTE = '"';

	/** A batch's most rows, fields and bytes: about 256 KB of a 10-column file. */
	static final int BATCH_ROWS = 2048;

	private static final int BATCH_FIELDS = 32 * 1024;

	private static final int BATCH_BYTES = 512 * 1024;

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
		Chunk chunk = new Chunk(from, whole, this.delimiter, new ParallelColumns(this.threads), this.batchRows,
				this.limits);
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
		if (chunk.header.isEmpty()) {
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
	private static CsvReader<CsvRow> csvReader(RecordBoundaryReader reader, char delimiter, RowHandler handler,
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

	private static RuntimeException unwrap(CsvParseException ex, RecordBoundaryReader reader) {
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

	/**
	 * The aggregates of a run as a chunk adds rows to them. Rows are added to the column
	 * profiles in batches, each {@linkplain #handOver() handed over} to be profiled while
	 * the next one is read.
	 */
	private static final class Chunk {

		private long rows;

		private long malformedRows;

		private final List<RowError> errors;

		private List<String> header;

		private final List<ColumnProfile> columns = new ArrayList<>();

		private final boolean deferTopValues;

		private boolean topValuesRebuilt;

		private final @Nullable Source whole;

		private final char delimiter;

		private final ParallelColumns parallel;

		private final CsvLimits limits;

		/** The batch rows are added to, and the other one, handed over or free. */
		private RowFields batch;

		private RowFields other;

		/** The offset after the batch handed over and not yet awaited, if any. */
		private long handedOverEnd = -1;

		Chunk(Checkpoint from, @Nullable Source whole, char delimiter, ParallelColumns parallel, int batchRows,
				CsvLimits limits) {
			this.whole = whole;
			this.limits = limits;
			this.delimiter = delimiter;
			this.parallel = parallel;
			this.batch = new RowFields(batchRows, BATCH_FIELDS, BATCH_BYTES);
			this.other = new RowFields(batchRows, BATCH_FIELDS, BATCH_BYTES);
			boolean deferTopValues = whole != null && !from.topValuesRebuilt();
			this.topValuesRebuilt = from.topValuesRebuilt();
			this.rows = from.rows();
			this.malformedRows = from.malformedRows();
			this.errors = new ArrayList<>(from.errors());
			this.header = from.header();
			this.deferTopValues = deferTopValues;
			for (ColumnState state : from.columns()) {
				if (!deferTopValues && state.candidates() != 0 && state.values() > 0 && state.frequent().isEmpty()) {
					throw new IllegalStateException(
							"The checkpoint defers frequent items: resume it from the file, which can be read again");
				}
				this.columns.add(ColumnProfile.restore(state, deferTopValues));
			}
		}

		/**
		 * The batch that rows are added to.
		 * @return the batch
		 */
		RowFields batch() {
			return this.batch;
		}

		/**
		 * Hands the batch over to be profiled, once the one before is done, unless it is
		 * empty.
		 * @return the batch to add rows to from now on
		 * @throws IOException if the file cannot be read again to rebuild frequent items
		 */
		RowFields handOver() throws IOException {
			if (this.batch.rows() == 0) {
				return this.batch;
			}
			awaitBatch();
			this.parallel.submit(this.batch, this.columns);
			this.handedOverEnd = this.batch.end();
			RowFields free = this.other;
			this.other = this.batch;
			free.clear();
			this.batch = free;
			return free;
		}

		/**
		 * Waits until the batch handed over is profiled; if a column then waits for its
		 * frequent items, rebuilds them up to the end of that batch.
		 * @throws IOException if the file cannot be read again
		 */
		void awaitBatch() throws IOException {
			if (this.handedOverEnd < 0) {
				return;
			}
			this.parallel.await();
			long end = this.handedOverEnd;
			this.handedOverEnd = -1;
			if (this.whole != null && topValuesPending()) {
				rebuildTopValues(this.whole, end, this.delimiter);
			}
		}

		void abandon() {
			this.parallel.abandon();
		}

		boolean topValuesPending() {
			for (ColumnProfile column : this.columns) {
				if (column.topValuesPending()) {
					return true;
				}
			}
			return false;
		}

		/**
		 * Rebuilds the frequent items of every column that still defers them, from the
		 * data rows up to an offset, read again from the start: then they are what
		 * counting all along would have given, and no column defers them any more, in
		 * this chunk or the next ones (the checkpoint records the rebuild), so a run
		 * reads its file again at most once.
		 * @param whole the data from its first byte
		 * @param end the offset after the last row profiled
		 * @param delimiter the delimiter
		 */
		private void rebuildTopValues(Source whole, long end, char delimiter) throws IOException {
			int count = this.columns.size();
			FrequentItems[] items = new FrequentItems[count];
			for (int i = 0; i < count; i++) {
				if (this.columns.get(i).topValuesDeferred()) {
					items[i] = new FrequentItems();
				}
			}
			try (InputStream in = whole.open()) {
				RecordBoundaryReader reader = new RecordBoundaryReader(in, 0, 1, delimiter, QUOTE, this.limits);
				try (CsvReader<CsvRow> csv = csvReader(reader, delimiter, new RowHandler(reader, new RowFields()),
						this.limits)) {
					CloseableIterator<CsvRow> records = csv.iterator();
					boolean header = true;
					while (records.hasNext()) {
						CsvRow record = records.next();
						if (record.end() > end) {
							break;
						}
						if (header) {
							header = false;
						}
						else if (!record.unterminatedQuote() && record.fieldCount() == count) {
							RowFields fields = record.fields();
							for (int i = 0; i < count; i++) {
								if (items[i] != null) {
									fields.addTopTo(i, items[i]);
								}
							}
						}
					}
				}
				catch (CsvParseException ex) {
					throw unwrap(ex, reader);
				}
				catch (UncheckedIOException ex) {
					throw ex.getCause();
				}
			}
			for (int i = 0; i < count; i++) {
				if (items[i] != null) {
					this.columns.get(i).startTopValues(items[i]);
				}
			}
			this.topValuesRebuilt = true;
		}

		/**
		 * Takes a record as the header if there is none yet, as a row otherwise: a
		 * well-formed one is committed to the batch.
		 * @param row the record, the batch's pending row
		 * @return whether it was a data row
		 */
		boolean add(CsvRow row) {
			if (this.header.isEmpty()) {
				setHeader(row);
				return false;
			}
			this.rows++;
			if (row.unterminatedQuote()) {
				malformed(row, "quoted field not closed at the end of the file");
			}
			else if (row.fieldCount() != this.header.size()) {
				malformed(row, "expected " + this.header.size() + " fields, found " + row.fieldCount());
			}
			else {
				row.fields().commit(row.end());
			}
			return true;
		}

		private void setHeader(CsvRow row) {
			if (row.end() - row.start() > this.limits.maxHeaderBytes()) {
				throw new NotCsvException("Not CSV: the header row is larger than "
						+ CsvLimits.format(this.limits.maxHeaderBytes()) + " (longhaul.processing.max-header-size)");
			}
			if (row.fieldCount() > RowHandler.MAX_FIELDS) {
				throw new NotCsvException("Not CSV: more than " + RowHandler.MAX_FIELDS + " columns in the header row");
			}
			if (row.fieldCount() > MAX_COLUMNS) {
				// Each column's checkpoint state is at most about 28 KiB: the cap keeps
				// a checkpoint within a few tens of MB.
				throw new NotCsvException("Too many columns to profile: " + row.fieldCount()
						+ " in the header row, at most " + MAX_COLUMNS);
			}
			List<String> names = new ArrayList<>(row.fieldCount());
			for (int i = 0; i < row.fieldCount(); i++) {
				String name = row.fields().text(i).strip();
				names.add(name.isEmpty() ? "column_" + (i + 1) : columnName(name));
				this.columns.add(new ColumnProfile(this.deferTopValues));
			}
			this.header = List.copyOf(names);
		}

		/**
		 * A column name cut to {@value CsvProfiler#MAX_COLUMN_NAME} characters, ending
		 * with {@code …} if it was longer (never between the two halves of a surrogate
		 * pair).
		 */
		private static String columnName(String name) {
			if (name.length() <= MAX_COLUMN_NAME) {
				return name;
			}
			int end = MAX_COLUMN_NAME - 1;
			if (Character.isHighSurrogate(name.charAt(end - 1))) {
				end--;
			}
			return name.substring(0, end) + "…";
		}

		private void malformed(CsvRow row, String message) {
			this.malformedRows++;
			if (this.errors.size() < MAX_ERRORS) {
				this.errors.add(new RowError(row.line(), message));
			}
		}

		Checkpoint checkpoint(long offset, long line, boolean finished) {
			List<ColumnState> states = new ArrayList<>(this.columns.size());
			for (ColumnProfile column : this.columns) {
				states.add(column.state());
			}
			return new Checkpoint(Checkpoint.FORMAT, offset, line, finished, this.rows, this.malformedRows,
					List.copyOf(this.errors), this.header, List.copyOf(states), this.topValuesRebuilt);
		}

	}

}
