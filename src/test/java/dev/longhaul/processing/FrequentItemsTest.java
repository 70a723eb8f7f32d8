package dev.longhaul.processing;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class FrequentItemsTest {

	@Test
	void countsAreExactWhileThereAreNoMoreValuesThanCounters() {
		FrequentItems items = new FrequentItems();
		for (int i = 0; i < FrequentItems.CAPACITY; i++) {
			for (int j = 0; j <= i; j++) {
				items.add("v" + i);
			}
		}
		assertThat(items.top(3)).containsExactly(new TopValue("v127", 128, 0), new TopValue("v126", 127, 0),
				new TopValue("v125", 126, 0));
	}

	@Test
	void heavyHittersSurviveAFloodOfSingletons() {
		FrequentItems items = new FrequentItems();
		Random random = new Random(1);
		int[] heavy = new int[5];
		for (int i = 0; i < 200_000; i++) {
			if (random.nextInt(10) == 0) {
				int which = random.nextInt(5);
				heavy[which]++;
				items.add("heavy" + which);
			}
			else {
				items.add("single" + i);
			}
		}
		assertThat(items.top(5)).extracting(TopValue::value)
			.containsExactlyInAnyOrder("heavy0", "heavy1", "heavy2", "heavy3", "heavy4");
		for (TopValue top : items.top(5)) {
			long truth = heavy[top.value().charAt(5) - '0'];
			assertThat(top.count()).isGreaterThanOrEqualTo(truth);
			assertThat(top.count() - top.error()).isLessThanOrEqualTo(truth);
		}
	}

	@Test
	void tiesAreBrokenByValue() {
		FrequentItems items = new FrequentItems();
		items.add("b");
		items.add("a");
		items.add("c");
		assertThat(items.top(2)).extracting(TopValue::value).containsExactly("a", "b");
	}

	@Test
	void longValuesAreCut() {
		FrequentItems items = new FrequentItems();
		items.add("x".repeat(500));
		items.add("x".repeat(400));
		assertThat(items.top(10)).containsExactly(new TopValue("x".repeat(FrequentItems.MAX_VALUE_LENGTH), 2, 0));
	}

	@Test
	void restoredSketchEvictsAsTheOriginal() {
		FrequentItems original = new FrequentItems();
		Random random = new Random(2);
		for (int i = 0; i < 10_000; i++) {
			original.add("v" + random.nextInt(1000));
		}
		FrequentItems restored = FrequentItems.restore(original.state());
		for (int i = 0; i < 10_000; i++) {
			String value = "v" + random.nextInt(1000);
			original.add(value);
			restored.add(value);
		}
		assertThat(restored.state()).isEqualTo(original.state());
		assertThat(original.state()).hasSize(FrequentItems.CAPACITY);
	}

	@Test
	void countsAsAPlainSpaceSavingHeapWhateverTheWayValuesComeIn() {
		Random random = new Random(3);
		String[] alphabet = { "a", "b", "é", "\uD83D\uDE00", "x".repeat(99), "y".repeat(101), " " };
		for (int run = 0; run < 20; run++) {
			FrequentItems items = new FrequentItems();
			Reference reference = new Reference();
			int distinct = 50 + random.nextInt(400);
			for (int i = 0; i < 20_000; i++) {
				String value = alphabet[random.nextInt(alphabet.length)] + random.nextInt(distinct);
				if (random.nextInt(200) == 0) {
					value = "z".repeat(99) + "\uD83D\uDE00" + random.nextInt(3);
				}
				byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
				if (bytes.length == value.length() && random.nextBoolean()) {
					byte[] padded = new byte[bytes.length + 4];
					System.arraycopy(bytes, 0, padded, 2, bytes.length);
					items.addAscii(padded, 2, 2 + bytes.length, XxHash64.hash(bytes));
				}
				else {
					items.add(value);
				}
				reference.add(value);
				if (random.nextInt(5000) == 0) {
					items = FrequentItems.restore(items.state());
				}
			}
			assertThat(items.state()).isEqualTo(reference.state());
		}
	}

	/**
	 * Space-Saving as it was first written here: a map of counters by value and a heap of
	 * them.
	 */
	private static final class Reference {

		private final long[][] heap = new long[FrequentItems.CAPACITY][];

		private final String[] values = new String[FrequentItems.CAPACITY];

		private final Map<String, Integer> positions = new HashMap<>();

		private int size;

		void add(String value) {
			String key = value;
			if (key.length() > FrequentItems.MAX_VALUE_LENGTH) {
				key = key.substring(0, Character.isHighSurrogate(key.charAt(FrequentItems.MAX_VALUE_LENGTH - 1))
						? FrequentItems.MAX_VALUE_LENGTH - 1 : FrequentItems.MAX_VALUE_LENGTH);
			}
			Integer position = this.positions.get(key);
			if (position != null) {
				this.heap[position][0]++;
				siftDown(position);
			}
			else if (this.size < FrequentItems.CAPACITY) {
				int i = this.size++;
				this.heap[i] = new long[] { 1, 0 };
				this.values[i] = key;
				this.positions.put(key, i);
				siftUp(i);
			}
			else {
				this.positions.remove(this.values[0]);
				this.values[0] = key;
				this.heap[0][1] = this.heap[0][0];
				this.heap[0][0]++;
				this.positions.put(key, 0);
				siftDown(0);
			}
		}

		List<FrequentItem> state() {
			List<FrequentItem> state = new ArrayList<>();
			for (int i = 0; i < this.size; i++) {
				state.add(new FrequentItem(this.values[i], this.heap[i][0], this.heap[i][1]));
			}
			return state;
		}

		private void siftUp(int i) {
			while (i > 0 && this.heap[(i - 1) / 2][0] > this.heap[i][0]) {
				swap(i, (i - 1) / 2);
				i = (i - 1) / 2;
			}
		}

		private void siftDown(int i) {
			while (2 * i + 1 < this.size) {
				int left = 2 * i + 1;
				int smaller = (left + 1 < this.size && this.heap[left + 1][0] < this.heap[left][0]) ? left + 1 : left;
				if (this.heap[i][0] <= this.heap[smaller][0]) {
					return;
				}
				swap(i, smaller);
				i = smaller;
			}
		}

		private void swap(int i, int j) {
			long[] counter = this.heap[i];
			this.heap[i] = this.heap[j];
			this.heap[j] = counter;
			String value = this.values[i];
			this.values[i] = this.values[j];
			this.values[j] = value;
			this.positions.put(this.values[i], i);
			this.positions.put(this.values[j], j);
		}

	}

}
