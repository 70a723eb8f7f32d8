package dev.longhaul.processing.profile;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import de.siegmar.fastcsv.reader.CloseableIterator;
import de.siegmar.fastcsv.reader.CsvParseException;
import de.siegmar.fastcsv.reader.CsvReader;
import org.jspecify.annotations.Nullable;

/**
 * The aggregates of one {@link CsvProfiler#profile(Path, Checkpoint, int) chunk} as it
 * adds rows to them, from its checkpoint to the next. Rows are added to the column
 * profiles in batches, each {@linkplain #handOver() handed over} to be profiled while the
 * next one is read.
 */
final class ChunkProfile {

	private long rows;

	private long malformedRows;

	private final List<RowError> errors;

	private List<String> header;

	private final List<ColumnProfile> columns = new ArrayList<>();

	private final boolean deferTopValues;

	private boolean topValuesRebuilt;

	private final CsvProfiler.@Nullable Source whole;

	private final char delimiter;

	private final ParallelColumns parallel;

	private final CsvLimits limits;

	/** The batch rows are added to, and the other one, handed over or free. */
	private RowFields batch;

	private RowFields other;

	/** The offset after the batch handed over and not yet awaited, if any. */
	private long handedOverEnd = -1;

	ChunkProfile(Checkpoint from, CsvProfiler.@Nullable Source whole, char delimiter, ParallelColumns parallel,
			int batchRows, CsvLimits limits) {
		this.whole = whole;
		this.limits = limits;
		this.delimiter = delimiter;
		this.parallel = parallel;
		this.batch = new RowFields(batchRows, CsvProfiler.BATCH_FIELDS, CsvProfiler.BATCH_BYTES);
		this.other = new RowFields(batchRows, CsvProfiler.BATCH_FIELDS, CsvProfiler.BATCH_BYTES);
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
	 * The header row's column names, empty until the chunk (or one before it) read it.
	 * @return the names
	 */
	List<String> header() {
		return this.header;
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
	 * Rebuilds the frequent items of every column that still defers them, from the data
	 * rows up to an offset, read again from the start: then they are what counting all
	 * along would have given, and no column defers them any more, in this chunk or the
	 * next ones (the checkpoint records the rebuild), so a run reads its file again at
	 * most once.
	 * @param whole the data from its first byte
	 * @param end the offset after the last row profiled
	 * @param delimiter the delimiter
	 */
	private void rebuildTopValues(CsvProfiler.Source whole, long end, char delimiter) throws IOException {
		int count = this.columns.size();
		FrequentItems[] items = new FrequentItems[count];
		for (int i = 0; i < count; i++) {
			if (this.columns.get(i).topValuesDeferred()) {
				items[i] = new FrequentItems();
			}
		}
		try (InputStream in = whole.open()) {
			RecordBoundaryReader reader = new RecordBoundaryReader(in, 0, 1, delimiter, CsvProfiler.QUOTE, this.limits);
			try (CsvReader<CsvRow> csv = CsvProfiler.csvReader(reader, delimiter,
					new RowHandler(reader, new RowFields()), this.limits)) {
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
				throw CsvProfiler.unwrap(ex, reader);
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
		if (row.fieldCount() > CsvProfiler.MAX_COLUMNS) {
			// Each column's checkpoint state is at most about 28 KiB: the cap keeps
			// a checkpoint within a few tens of MB.
			throw new NotCsvException("Too many columns to profile: " + row.fieldCount()
					+ " in the header row, at most " + CsvProfiler.MAX_COLUMNS);
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
	 * A column name cut to {@value CsvProfiler#MAX_COLUMN_NAME} characters, ending with
	 * {@code …} if it was longer (never between the two halves of a surrogate pair).
	 */
	private static String columnName(String name) {
		if (name.length() <= CsvProfiler.MAX_COLUMN_NAME) {
			return name;
		}
		int end = CsvProfiler.MAX_COLUMN_NAME - 1;
		if (Character.isHighSurrogate(name.charAt(end - 1))) {
			end--;
		}
		return name.substring(0, end) + "…";
	}

	private void malformed(CsvRow row, String message) {
		this.malformedRows++;
		if (this.errors.size() < CsvProfiler.MAX_ERRORS) {
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
