package dev.longhaul.processing;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The fields of one record, kept without a string each: ASCII fields (the common case) as
 * bytes in one array, others as strings. Reused from record to record. Not thread-safe.
 */
final class RowFields {

	private byte[] bytes = new byte[1024];

	private int length;

	private int[] starts = new int[32];

	private int[] ends = new int[32];

	private String[] texts = new String[32];

	private int count;

	void clear() {
		this.length = 0;
		this.count = 0;
	}

	/**
	 * How many fields there are.
	 * @return the count
	 */
	int count() {
		return this.count;
	}

	/**
	 * Adds a field.
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
	 * The field as a string.
	 * @param field its index
	 * @return the string
	 */
	String text(int field) {
		String text = this.texts[field];
		return (text != null) ? text : new String(this.bytes, this.starts[field], this.ends[field] - this.starts[field],
				StandardCharsets.ISO_8859_1);
	}

	/**
	 * Adds a field to a column's profile.
	 * @param field its index
	 * @param column the profile
	 */
	void addTo(int field, ColumnProfile column) {
		String text = this.texts[field];
		if (text != null) {
			column.add(text);
		}
		else {
			column.addAscii(this.bytes, this.starts[field], this.ends[field]);
		}
	}

	/**
	 * Counts a field in frequent items, as its column's profile would.
	 * @param field its index
	 * @param items the counters
	 */
	void addTopTo(int field, FrequentItems items) {
		String text = this.texts[field];
		if (text != null) {
			ColumnProfile.addTop(items, text);
		}
		else {
			ColumnProfile.addTopAscii(items, this.bytes, this.starts[field], this.ends[field]);
		}
	}

	private int next() {
		if (this.count == this.texts.length) {
			int capacity = this.count * 2;
			this.starts = Arrays.copyOf(this.starts, capacity);
			this.ends = Arrays.copyOf(this.ends, capacity);
			this.texts = Arrays.copyOf(this.texts, capacity);
		}
		return this.count++;
	}

}
