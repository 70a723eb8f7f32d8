package dev.longhaul.processing.profile;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * The Space-Saving frequent-items sketch: {@value #CAPACITY} counters, in buckets of
 * equal count (the Stream-Summary of the paper), so that counting a value and replacing
 * the smallest counter both take constant time. A value that is counted is incremented; a
 * new value replaces the smallest counter (of those with the smallest count, the one that
 * has had it longest) and inherits its count as error. Every value occurring more than
 * n/{@value #CAPACITY} times is kept, and counts are exact while the column has at most
 * {@value #CAPACITY} distinct values.
 *
 * <p>
 * The order of the counters, by count and then by when they reached it, is the state, so
 * a restored sketch evicts exactly as the original would have. Counters are found by the
 * 64-bit {@link XxHash64} hash of their value (the hash the caller has computed for its
 * {@link DistinctCounter} anyway) in an open-addressing table, the value itself only
 * compared on a hash match: a value already counted costs no allocation. Not thread-safe.
 *
 * @see <a href="https://doi.org/10.1007/978-3-540-30570-5_27">Metwally, Agrawal, El
 * Abbadi, Efficient Computation of Frequent and Top-k Elements in Data Streams (2005)</a>
 */
final class FrequentItems {

	static final int CAPACITY = 128;

	static final int MAX_VALUE_LENGTH = 100;

	/** Twice the capacity and more, a power of two. */
	private static final int TABLE_SIZE = 512;

	private static final int TABLE_MASK = TABLE_SIZE - 1;

	/**
	 * Each counter's value: an ASCII one as bytes (its string made when asked for), any
	 * other as a string.
	 */
	private final boolean[] ascii = new boolean[CAPACITY];

	private final byte[][] keys = new byte[CAPACITY][];

	private final int[] keyLengths = new int[CAPACITY];

	private final String[] values = new String[CAPACITY];

	/** Each counter's hash and error, by counter number. */
	private final long[] hashes = new long[CAPACITY];

	private final long[] errors = new long[CAPACITY];

	/** No counter or bucket. */
	private static final int NONE = -1;

	/**
	 * Each counter's bucket, and the counters before and after it in the bucket (in the
	 * order they reached its count), by counter number.
	 */
	private final int[] buckets = new int[CAPACITY];

	private final int[] previous = new int[CAPACITY];

	private final int[] next = new int[CAPACITY];

	/**
	 * The buckets, by bucket number: each one's count, first and last counter, and the
	 * buckets counting less and more next to it; the numbers free; the smallest bucket.
	 */
	private final long[] bucketCounts = new long[CAPACITY];

	private final int[] firsts = new int[CAPACITY];

	private final int[] lasts = new int[CAPACITY];

	private final int[] lower = new int[CAPACITY];

	private final int[] higher = new int[CAPACITY];

	private final int[] freeBuckets = new int[CAPACITY];

	private int freeBucketCount;

	private int smallest = NONE;

	/** Counter number + 1 by hash, linear probing, 0 in a free slot; and the hash. */
	private final int[] table = new int[TABLE_SIZE];

	private final long[] tableHashes = new long[TABLE_SIZE];

	/** Where each counter is in the table, by counter number. */
	private final int[] slots = new int[CAPACITY];

	private int size;

	FrequentItems() {
		for (int i = 0; i < CAPACITY; i++) {
			this.freeBuckets[i] = CAPACITY - 1 - i;
		}
		this.freeBucketCount = CAPACITY;
	}

	/**
	 * A sketch that continues from a saved state.
	 * @param state counters from {@link #state()}: in order of count, then of when they
	 * reached it (a state in another order, as the heap of earlier versions saved, is
	 * taken in order of count, a stable sort)
	 * @return the sketch
	 * @throws IllegalArgumentException if there are too many counters
	 */
	static FrequentItems restore(List<FrequentItem> state) {
		if (state.size() > CAPACITY) {
			throw new IllegalArgumentException("At most " + CAPACITY + " counters, got " + state.size());
		}
		List<FrequentItem> ordered = new ArrayList<>(state);
		ordered.sort(Comparator.comparingLong(FrequentItem::count));
		FrequentItems items = new FrequentItems();
		int bucket = NONE;
		for (FrequentItem item : ordered) {
			int counter = items.size++;
			String value = item.value();
			long hash = XxHash64.hash(value);
			items.hashes[counter] = hash;
			items.errors[counter] = item.error();
			if (bucket == NONE || items.bucketCounts[bucket] != item.count()) {
				bucket = items.newBucket(item.count(), bucket);
			}
			items.append(bucket, counter);
			byte[] bytes = asciiBytes(value);
			int slot;
			if (bytes != null) {
				items.setKey(counter, bytes, 0, bytes.length);
				slot = items.findAscii(bytes, 0, bytes.length, hash);
			}
			else {
				items.setKey(counter, value);
				slot = items.find(value, hash);
			}
			// a value twice (never saved so): the last one is found, as it was in a map
			items.put(slot, counter, hash);
		}
		return items;
	}

	/**
	 * Counts a value.
	 * @param value the value
	 */
	void add(String value) {
		add(value, XxHash64.hash(value));
	}

	/**
	 * Counts a value whose hash is known.
	 * @param value the value
	 * @param hash its {@link XxHash64#hash(String) hash}
	 */
	void add(String value, long hash) {
		String key = value;
		long keyHash = hash;
		if (value.length() > MAX_VALUE_LENGTH) {
			key = cut(value);
			keyHash = XxHash64.hash(key);
		}
		byte[] bytes = asciiBytes(key);
		if (bytes != null) {
			addAscii(bytes, 0, bytes.length, keyHash);
			return;
		}
		int slot = find(key, keyHash);
		if (this.table[slot] != 0) {
			increment(this.table[slot] - 1);
		}
		else {
			setKey(insert(keyHash, slot), key);
		}
	}

	/**
	 * Counts an ASCII value, given as bytes.
	 * @param bytes the bytes of the value, all below 0x80
	 * @param from where it starts
	 * @param to where it ends
	 * @param hash its {@link XxHash64} hash
	 */
	void addAscii(byte[] bytes, int from, int to, long hash) {
		long keyHash = hash;
		if (to - from > MAX_VALUE_LENGTH) {
			to = from + MAX_VALUE_LENGTH;
			keyHash = XxHash64.hash(bytes, from, MAX_VALUE_LENGTH);
		}
		int slot = findAscii(bytes, from, to, keyHash);
		if (this.table[slot] != 0) {
			increment(this.table[slot] - 1);
		}
		else {
			setKey(insert(keyHash, slot), bytes, from, to);
		}
	}

	/**
	 * The most frequent values, most frequent first, ties by value.
	 * @param limit how many at most
	 * @return the values with their counts
	 */
	List<TopValue> top(int limit) {
		List<TopValue> top = new ArrayList<>(this.size);
		for (int counter = 0; counter < this.size; counter++) {
			top.add(new TopValue(value(counter), count(counter), this.errors[counter]));
		}
		top.sort(Comparator.comparingLong(TopValue::count).reversed().thenComparing(TopValue::value));
		return List.copyOf(top.subList(0, Math.min(limit, top.size())));
	}

	List<FrequentItem> state() {
		List<FrequentItem> state = new ArrayList<>(this.size);
		for (int bucket = this.smallest; bucket != NONE; bucket = this.higher[bucket]) {
			for (int counter = this.firsts[bucket]; counter != NONE; counter = this.next[counter]) {
				state.add(new FrequentItem(value(counter), this.bucketCounts[bucket], this.errors[counter]));
			}
		}
		return state;
	}

	/**
	 * Counts a value not counted yet: a new counter while there is room, else the
	 * smallest counter's, the value taking over its count as error.
	 * @param hash the value's hash
	 * @param slot the free slot of the table where the look-up ended
	 * @return the counter, for the caller to set the value of
	 */
	private int insert(long hash, int slot) {
		if (this.size < CAPACITY) {
			int counter = this.size++;
			this.hashes[counter] = hash;
			this.errors[counter] = 0;
			boolean ones = this.smallest != NONE && this.bucketCounts[this.smallest] == 1;
			append(ones ? this.smallest : newBucket(1, NONE), counter);
			put(slot, counter, hash);
			return counter;
		}
		int smallest = this.firsts[this.smallest];
		remove(smallest);
		this.hashes[smallest] = hash;
		this.errors[smallest] = this.bucketCounts[this.smallest];
		increment(smallest);
		// the removal may have moved entries: look for a free slot again
		int free = (int) hash & TABLE_MASK;
		while (this.table[free] != 0) {
			free = (free + 1) & TABLE_MASK;
		}
		put(free, smallest, hash);
		return smallest;
	}

	private void put(int slot, int counter, long hash) {
		this.table[slot] = counter + 1;
		this.tableHashes[slot] = hash;
		this.slots[counter] = slot;
	}

	private void setKey(int counter, String value) {
		this.ascii[counter] = false;
		this.values[counter] = value;
	}

	private void setKey(int counter, byte[] bytes, int from, int to) {
		int length = to - from;
		byte[] key = this.keys[counter];
		if (key == null || key.length < length) {
			key = new byte[Math.max(length, 32)];
			this.keys[counter] = key;
		}
		System.arraycopy(bytes, from, key, 0, length);
		this.keyLengths[counter] = length;
		this.ascii[counter] = true;
		this.values[counter] = null;
	}

	private String value(int counter) {
		String value = this.values[counter];
		if (value == null) {
			value = new String(this.keys[counter], 0, this.keyLengths[counter], StandardCharsets.ISO_8859_1);
			this.values[counter] = value;
		}
		return value;
	}

	/**
	 * The slot of a non-ASCII value in the table, or the free slot where its look-up
	 * ended.
	 */
	private int find(String key, long hash) {
		int slot = (int) hash & TABLE_MASK;
		int entry;
		while ((entry = this.table[slot]) != 0) {
			int counter = entry - 1;
			if (this.tableHashes[slot] == hash && !this.ascii[counter] && this.values[counter].equals(key)) {
				return slot;
			}
			slot = (slot + 1) & TABLE_MASK;
		}
		return slot;
	}

	/**
	 * The slot of an ASCII value in the table, or the free slot where its look-up ended.
	 */
	private int findAscii(byte[] bytes, int from, int to, long hash) {
		int slot = (int) hash & TABLE_MASK;
		int entry;
		while ((entry = this.table[slot]) != 0) {
			int counter = entry - 1;
			if (this.tableHashes[slot] == hash && this.ascii[counter] && this.keyLengths[counter] == to - from
					&& Arrays.equals(this.keys[counter], 0, to - from, bytes, from, to)) {
				return slot;
			}
			slot = (slot + 1) & TABLE_MASK;
		}
		return slot;
	}

	/**
	 * The bytes of an ASCII string.
	 * @return the bytes, or {@code null} if a character is not ASCII
	 */
	private static byte @Nullable [] asciiBytes(String value) {
		byte[] bytes = new byte[value.length()];
		for (int i = 0; i < bytes.length; i++) {
			char c = value.charAt(i);
			if (c >= 0x80) {
				return null;
			}
			bytes[i] = (byte) c;
		}
		return bytes;
	}

	/**
	 * Takes a counter out of the table, moving later entries of its probe run back so
	 * that every look-up still finds them.
	 */
	private void remove(int counter) {
		int slot = this.slots[counter];
		if (this.table[slot] != counter + 1) {
			// a value saved twice: only the last is in the table
			return;
		}
		int hole = slot;
		int next = hole;
		while (true) {
			next = (next + 1) & TABLE_MASK;
			int entry = this.table[next];
			if (entry == 0) {
				break;
			}
			int home = (int) this.tableHashes[next] & TABLE_MASK;
			// the entry may fill the hole unless its home lies cyclically in (hole, next]
			if (((next - home) & TABLE_MASK) >= ((next - hole) & TABLE_MASK)) {
				put(hole, entry - 1, this.tableHashes[next]);
				hole = next;
			}
		}
		this.table[hole] = 0;
	}

	private static String cut(String value) {
		if (value.length() <= MAX_VALUE_LENGTH) {
			return value;
		}
		int end = Character.isHighSurrogate(value.charAt(MAX_VALUE_LENGTH - 1)) ? MAX_VALUE_LENGTH - 1
				: MAX_VALUE_LENGTH;
		return value.substring(0, end);
	}

	/**
	 * Moves a counter up by one: into the next bucket if that one counts one more, the
	 * bucket with it if it is alone in it, else a new bucket after its own.
	 */
	private void increment(int counter) {
		int bucket = this.buckets[counter];
		long count = this.bucketCounts[bucket] + 1;
		int higher = this.higher[bucket];
		if (higher != NONE && this.bucketCounts[higher] == count) {
			unlink(counter);
			append(higher, counter);
			if (this.firsts[bucket] == NONE) {
				freeBucket(bucket);
			}
		}
		else if (this.firsts[bucket] == counter && this.lasts[bucket] == counter) {
			this.bucketCounts[bucket] = count;
		}
		else {
			unlink(counter);
			append(newBucket(count, bucket), counter);
		}
	}

	private long count(int counter) {
		return this.bucketCounts[this.buckets[counter]];
	}

	/**
	 * A new empty bucket, linked after another one or first.
	 * @param count its count
	 * @param after the bucket before it, or {@link #NONE} to make it the smallest
	 */
	private int newBucket(long count, int after) {
		int bucket = this.freeBuckets[--this.freeBucketCount];
		this.bucketCounts[bucket] = count;
		this.firsts[bucket] = NONE;
		this.lasts[bucket] = NONE;
		int following = (after != NONE) ? this.higher[after] : this.smallest;
		this.lower[bucket] = after;
		this.higher[bucket] = following;
		if (after != NONE) {
			this.higher[after] = bucket;
		}
		else {
			this.smallest = bucket;
		}
		if (following != NONE) {
			this.lower[following] = bucket;
		}
		return bucket;
	}

	private void freeBucket(int bucket) {
		int before = this.lower[bucket];
		int after = this.higher[bucket];
		if (before != NONE) {
			this.higher[before] = after;
		}
		else {
			this.smallest = after;
		}
		if (after != NONE) {
			this.lower[after] = before;
		}
		this.freeBuckets[this.freeBucketCount++] = bucket;
	}

	/** Puts a counter last in a bucket. */
	private void append(int bucket, int counter) {
		int last = this.lasts[bucket];
		this.buckets[counter] = bucket;
		this.previous[counter] = last;
		this.next[counter] = NONE;
		if (last != NONE) {
			this.next[last] = counter;
		}
		else {
			this.firsts[bucket] = counter;
		}
		this.lasts[bucket] = counter;
	}

	/** Takes a counter out of its bucket's list, leaving the bucket. */
	private void unlink(int counter) {
		int bucket = this.buckets[counter];
		int before = this.previous[counter];
		int after = this.next[counter];
		if (before != NONE) {
			this.next[before] = after;
		}
		else {
			this.firsts[bucket] = after;
		}
		if (after != NONE) {
			this.previous[after] = before;
		}
		else {
			this.lasts[bucket] = before;
		}
	}

}
