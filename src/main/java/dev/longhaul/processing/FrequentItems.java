package dev.longhaul.processing;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The Space-Saving frequent-items sketch: {@value #CAPACITY} counters in a min-heap. A
 * value that is counted is incremented; a new value replaces the smallest counter and
 * inherits its count as error. Every value occurring more than n/{@value #CAPACITY} times
 * is kept, and counts are exact while the column has at most {@value #CAPACITY} distinct
 * values.
 *
 * <p>
 * The heap order is the state, so a restored sketch evicts exactly as the original would
 * have. Not thread-safe.
 *
 * @see <a href="https://doi.org/10.1007/978-3-540-30570-5_27">Metwally, Agrawal, El
 * Abbadi, Efficient Computation of Frequent and Top-k Elements in Data Streams (2005)</a>
 */
final class FrequentItems {

	static final int CAPACITY = 128;

	static final int MAX_VALUE_LENGTH = 100;

	private final String[] values = new String[CAPACITY];

	private final long[] counts = new long[CAPACITY];

	private final long[] errors = new long[CAPACITY];

	private final Map<String, Integer> positions = new HashMap<>();

	private int size;

	/**
	 * A sketch that continues from a saved state.
	 * @param state counters from {@link #state()}, in heap order
	 * @return the sketch
	 * @throws IllegalArgumentException if there are too many counters
	 */
	static FrequentItems restore(List<FrequentItem> state) {
		if (state.size() > CAPACITY) {
			throw new IllegalArgumentException("At most " + CAPACITY + " counters, got " + state.size());
		}
		FrequentItems items = new FrequentItems();
		for (FrequentItem item : state) {
			int i = items.size++;
			items.values[i] = item.value();
			items.counts[i] = item.count();
			items.errors[i] = item.error();
			items.positions.put(item.value(), i);
		}
		return items;
	}

	void add(String value) {
		String key = cut(value);
		Integer position = this.positions.get(key);
		if (position != null) {
			this.counts[position]++;
			siftDown(position);
		}
		else if (this.size < CAPACITY) {
			int i = this.size++;
			this.values[i] = key;
			this.counts[i] = 1;
			this.errors[i] = 0;
			this.positions.put(key, i);
			siftUp(i);
		}
		else {
			this.positions.remove(this.values[0]);
			long smallest = this.counts[0];
			this.values[0] = key;
			this.counts[0] = smallest + 1;
			this.errors[0] = smallest;
			this.positions.put(key, 0);
			siftDown(0);
		}
	}

	/**
	 * The most frequent values, most frequent first, ties by value.
	 * @param limit how many at most
	 * @return the values with their counts
	 */
	List<TopValue> top(int limit) {
		List<TopValue> top = new ArrayList<>(this.size);
		for (int i = 0; i < this.size; i++) {
			top.add(new TopValue(this.values[i], this.counts[i], this.errors[i]));
		}
		top.sort(Comparator.comparingLong(TopValue::count).reversed().thenComparing(TopValue::value));
		return List.copyOf(top.subList(0, Math.min(limit, top.size())));
	}

	List<FrequentItem> state() {
		List<FrequentItem> state = new ArrayList<>(this.size);
		for (int i = 0; i < this.size; i++) {
			state.add(new FrequentItem(this.values[i], this.counts[i], this.errors[i]));
		}
		return state;
	}

	private static String cut(String value) {
		if (value.length() <= MAX_VALUE_LENGTH) {
			return value;
		}
		int end = Character.isHighSurrogate(value.charAt(MAX_VALUE_LENGTH - 1)) ? MAX_VALUE_LENGTH - 1
				: MAX_VALUE_LENGTH;
		return value.substring(0, end);
	}

	private void siftUp(int i) {
		while (i > 0) {
			int parent = (i - 1) / 2;
			if (this.counts[parent] <= this.counts[i]) {
				return;
			}
			swap(i, parent);
			i = parent;
		}
	}

	private void siftDown(int i) {
		while (true) {
			int left = 2 * i + 1;
			if (left >= this.size) {
				return;
			}
			int right = left + 1;
			int smaller = (right < this.size && this.counts[right] < this.counts[left]) ? right : left;
			if (this.counts[i] <= this.counts[smaller]) {
				return;
			}
			swap(i, smaller);
			i = smaller;
		}
	}

	private void swap(int i, int j) {
		String value = this.values[i];
		long count = this.counts[i];
		long error = this.errors[i];
		this.values[i] = this.values[j];
		this.counts[i] = this.counts[j];
		this.errors[i] = this.errors[j];
		this.values[j] = value;
		this.counts[j] = count;
		this.errors[j] = error;
		this.positions.put(this.values[i], i);
		this.positions.put(this.values[j], j);
	}

}
