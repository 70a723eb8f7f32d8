package dev.longhaul.processing.profile;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
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
	void aStateInHeapOrderAsEarlierVersionsSavedIsTakenInOrderOfCount() {
		FrequentItems items = FrequentItems.restore(List.of(new FrequentItem("a", 1, 0), new FrequentItem("d", 3, 1),
				new FrequentItem("b", 2, 0), new FrequentItem("c", 1, 0)));
		assertThat(items.state()).extracting(FrequentItem::value).containsExactly("a", "c", "b", "d");
		items.add("e");
		assertThat(items.state()).extracting(FrequentItem::value).containsExactly("a", "c", "e", "b", "d");
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
	void countsAsAPlainSpaceSavingListWhateverTheWayValuesComeIn() {
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
	 * Space-Saving as plainly as it can be written: the counters in a list by count,
	 * those of one count in the order they reached it; a new value, once the list is
	 * full, takes over the first.
	 */
	private static final class Reference {

		private final List<String> values = new ArrayList<>();

		private final List<long[]> counts = new ArrayList<>();

		void add(String value) {
			String key = value;
			if (key.length() > FrequentItems.MAX_VALUE_LENGTH) {
				key = key.substring(0, Character.isHighSurrogate(key.charAt(FrequentItems.MAX_VALUE_LENGTH - 1))
						? FrequentItems.MAX_VALUE_LENGTH - 1 : FrequentItems.MAX_VALUE_LENGTH);
			}
			int index = this.values.indexOf(key);
			long[] counter;
			if (index >= 0) {
				counter = this.counts.remove(index);
				this.values.remove(index);
				counter[0]++;
			}
			else if (this.values.size() < FrequentItems.CAPACITY) {
				counter = new long[] { 1, 0 };
			}
			else {
				counter = this.counts.remove(0);
				this.values.remove(0);
				counter[1] = counter[0];
				counter[0]++;
			}
			// last among those that count as much
			int at = 0;
			while (at < this.counts.size() && this.counts.get(at)[0] <= counter[0]) {
				at++;
			}
			this.values.add(at, key);
			this.counts.add(at, counter);
		}

		List<FrequentItem> state() {
			List<FrequentItem> state = new ArrayList<>();
			for (int i = 0; i < this.values.size(); i++) {
				state.add(new FrequentItem(this.values.get(i), this.counts.get(i)[0], this.counts.get(i)[1]));
			}
			return state;
		}

	}

}
