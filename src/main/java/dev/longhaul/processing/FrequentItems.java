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

	private final Counter[] heap = new Counter[CAPACITY];

	private final Map<String, Counter> counters = new HashMap<>();

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
			Counter counter = new Counter(item.value(), item.count(), item.error(), i);
			items.heap[i] = counter;
			items.counters.put(item.value(), counter);
		}
		return items;
	}

	void add(String value) {
		String key = cut(value);
		Counter counter = this.counters.get(key);
		if (counter != null) {
			counter.count++;
			siftDown(counter.position);
		}
		else if (this.size < CAPACITY) {
			int i = this.size++;
			counter = new Counter(key, 1, 0, i);
			this.heap[i] = counter;
			this.counters.put(key, counter);
			siftUp(i);
		}
		else {
			Counter smallest = this.heap[0];
			this.counters.remove(smallest.value);
			smallest.value = key;
			smallest.error = smallest.count;
			smallest.count++;
			this.counters.put(key, smallest);
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
			Counter counter = this.heap[i];
			top.add(new TopValue(counter.value, counter.count, counter.error));
		}
		top.sort(Comparator.comparingLong(TopValue::count).reversed().thenComparing(TopValue::value));
		return List.copyOf(top.subList(0, Math.min(limit, top.size())));
	}

	List<FrequentItem> state() {
		List<FrequentItem> state = new ArrayList<>(this.size);
		for (int i = 0; i < this.size; i++) {
			Counter counter = this.heap[i];
			state.add(new FrequentItem(counter.value, counter.count, counter.error));
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
			if (this.heap[parent].count <= this.heap[i].count) {
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
			int smaller = (right < this.size && this.heap[right].count < this.heap[left].count) ? right : left;
			if (this.heap[i].count <= this.heap[smaller].count) {
				return;
			}
			swap(i, smaller);
			i = smaller;
		}
	}

	private void swap(int i, int j) {
		Counter counter = this.heap[i];
		this.heap[i] = this.heap[j];
		this.heap[j] = counter;
		this.heap[i].position = i;
		counter.position = j;
	}

	/**
	 * A value's counter, which knows where it is in the heap so that moving it there
	 * needs no look-up by value.
	 */
	private static final class Counter {

		private String value;

		private long count;

		private long error;

		private int position;

		Counter(String value, long count, long error, int position) {
			this.value = value;
			this.count = count;
			this.error = error;
			this.position = position;
		}

	}

}
