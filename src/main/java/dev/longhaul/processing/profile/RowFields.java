package dev.longhaul.processing.profile;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The fields of a batch of rows, kept without a string each: ASCII fields (the common
 * case) as bytes in one array, others as strings. A record's fields are added as its
 * <em>pending</em> row, which is then {@linkplain #commit(long) committed} to the batch
 * or {@linkplain #beginRow() dropped}; committed rows all have the same number of fields,
 * so that {@link #addColumnTo} finds a column's values. Reused from batch to batch. Not
 * thread-safe: while one thread adds rows, none may read; once the batch is complete,
 * several threads may each read their own columns.
 */
final class RowFields {

	private final int maxRows;

	private final int maxFields;

	private final int maxBytes;

	private byte[] bytes;

	private int[] starts;

	private int[] ends;

	private String[] texts;

	/** Where the pending row's bytes and fields start: after the committed rows'. */
	private int committedLength;

	private int committedFields;

	private int rows;

	private int length;

	/** The pending row's field count. */
	private int count;

	/** The offset just after the last committed row. */
	private long end;

	RowFields() {
		this(1, Integer.MAX_VALUE, Integer.MAX_VALUE);
	}

	/**
	 * An empty batch that is {@linkplain #full() full} at the first limit reached.
	 * @param maxRows the most rows
	 * @param maxFields the most fields
	 * @param maxBytes the most bytes of ASCII fields
	 */
	RowFields(int maxRows, int maxFields, int maxBytes) {
		this.maxRows = maxRows;
		this.maxFields = maxFields;
		this.maxBytes = maxBytes;
		// room for rows of 16 fields and 128 bytes from the start: fewer copies as it
		// grows
		int fieldCapacity = (int) Math.min(maxFields, 16L * maxRows);
		this.bytes = new byte[(int) Math.min(maxBytes, 128L * maxRows)];
		this.starts = new int[fieldCapacity];
		this.ends = new int[fieldCapacity];
		this.texts = new String[fieldCapacity];
	}

	/**
	 * Drops the pending row, to add the fields of another.
	 */
	void beginRow() {
		this.length = this.committedLength;
		this.count = 0;
	}

	/**
	 * Adds the pending row to the batch.
	 * @param end the offset just after the row's record
	 */
	void commit(long end) {
		this.committedLength = this.length;
		this.committedFields += this.count;
		this.count = 0;
		this.rows++;
		this.end = end;
	}

	/**
	 * Empties the batch.
	 */
	void clear() {
		this.committedLength = 0;
		this.committedFields = 0;
		this.rows = 0;
		beginRow();
	}

	/**
	 * Whether the batch has reached one of its limits.
	 * @return whether it is full
	 */
	boolean full() {
		return this.rows >= this.maxRows || this.committedFields >= this.maxFields
				|| this.committedLength >= this.maxBytes;
	}

	/**
	 * How many rows are committed.
	 * @return the count
	 */
	int rows() {
		return this.rows;
	}

	/**
	 * The offset just after the last committed row.
	 * @return the offset
	 */
	long end() {
		return this.end;
	}

	/**
	 * Adds a field to the pending row.
	 * @param chars where the field is
	 * @param offset where it starts
	 * @param size how many characters it has
	 */
	void add(char[] chars, int offset, int size) {
		int field = next();
		if (this.length + size > this.bytes.length) {
			this.bytes = Arrays.copyOf(this.bytes, Math.max(this.bytes.length * 2, this.length + size));
		}
		byte[] bytes = this.bytes;
		int at = this.length;
		for (int i = 0; i < size; i++) {
			char c = chars[offset + i];
			if (c >= 0x80) {
				this.texts[field] = new String(chars, offset, size);
				return;
			}
			bytes[at + i] = (byte) c;
		}
		this.texts[field] = null;
		this.starts[field] = at;
		this.ends[field] = at + size;
		this.length = at + size;
	}

	/**
	 * A field of the pending row as a string.
	 * @param field its index
	 * @return the string
	 */
	String text(int field) {
		int slot = this.committedFields + field;
		String text = this.texts[slot];
		return (text != null) ? text : new String(this.bytes, this.starts[slot], this.ends[slot] - this.starts[slot],
				StandardCharsets.ISO_8859_1);
	}

	/**
	 * Counts a field of the pending row in frequent items, as its column's profile would.
	 * @param field its index
	 * @param items the counters
	 */
	void addTopTo(int field, FrequentItems items) {
		int slot = this.committedFields + field;
		String text = this.texts[slot];
		if (text != null) {
			ColumnProfile.addTop(items, text);
		}
		else {
			ColumnProfile.addTopAscii(items, this.bytes, this.starts[slot], this.ends[slot]);
		}
	}

	/**
	 * Adds a column's field of every committed row, in order, to the column's profile.
	 * @param field the column's index
	 * @param fields the number of fields of every row
	 * @param column the profile
	 */
	void addColumnTo(int field, int fields, ColumnProfile column) {
		byte[] bytes = this.bytes;
		int[] starts = this.starts;
		int[] ends = this.ends;
		String[] texts = this.texts;
		int last = this.rows * fields;
		for (int slot = field; slot < last; slot += fields) {
			String text = texts[slot];
			if (text != null) {
				column.add(text);
			}
			else {
				column.addAscii(bytes, starts[slot], ends[slot]);
			}
		}
	}

	private int next() {
		int field = this.committedFields + this.count;
		if (field == this.texts.length) {
			int capacity = field * 2;
			this.starts = Arrays.copyOf(this.starts, capacity);
			this.ends = Arrays.copyOf(this.ends, capacity);
			this.texts = Arrays.copyOf(this.texts, capacity);
		}
		this.count++;
		return field;
	}

}
