package dev.longhaul.processing;

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

}
