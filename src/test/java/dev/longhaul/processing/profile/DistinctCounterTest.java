package dev.longhaul.processing.profile;

import java.util.Arrays;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.withinPercentage;

class DistinctCounterTest {

	private static final double SKETCH_ERROR = 1.04 / 128;

	@ParameterizedTest(name = "{0} distinct values")
	@ValueSource(ints = { 0, 1, 2, 600, DistinctCounter.EXACT_LIMIT - 1, DistinctCounter.EXACT_LIMIT })
	void countIsExactUpToTheLimit(int distinct) {
		DistinctCounter counter = new DistinctCounter();
		for (int round = 0; round < 3; round++) {
			for (int i = 0; i < distinct; i++) {
				counter.add(XxHash64.hash("value-" + i));
			}
		}
		assertThat(counter.count()).isEqualTo(distinct);
		assertThat(counter.exact()).isTrue();
		assertThat(counter.relativeError()).isZero();
		assertThat(DistinctCounter.restore(counter.state()).count()).isEqualTo(distinct);
	}

	@Test
	void theHashZeroIsAValueLikeAnyOther() {
		DistinctCounter counter = new DistinctCounter();
		counter.add(0);
		counter.add(0);
		counter.add(1);
		assertThat(counter.count()).isEqualTo(2);
		DistinctCounter restored = DistinctCounter.restore(counter.state());
		restored.add(0);
		assertThat(restored.count()).isEqualTo(2);
		assertThat(restored.state()).isEqualTo(counter.state());
	}

	@Test
	void oneValueBeyondTheLimitTurnsToTheSketchAndNeverCountsBelowIt() {
		DistinctCounter counter = new DistinctCounter();
		for (int i = 0; i <= DistinctCounter.EXACT_LIMIT; i++) {
			counter.add(XxHash64.hash("value-" + i));
		}
		assertThat(counter.exact()).isFalse();
		assertThat(counter.relativeError()).isEqualTo(SKETCH_ERROR);
		assertThat(counter.count()).isGreaterThanOrEqualTo(DistinctCounter.EXACT_LIMIT + 1)
			.isCloseTo(DistinctCounter.EXACT_LIMIT + 1, withinPercentage(3 * SKETCH_ERROR * 100));
	}

	@ParameterizedTest(name = "{0} distinct values")
	@ValueSource(ints = { 39_939, 1_000_000 })
	void estimateIsWithinThreeStandardErrors(int distinct) {
		DistinctCounter counter = new DistinctCounter();
		for (int i = 0; i < distinct; i++) {
			long hash = XxHash64.hash("value-" + i);
			counter.add(hash);
			counter.add(hash);
		}
		assertThat(counter.exact()).isFalse();
		assertThat(counter.count()).isCloseTo(distinct, withinPercentage(3 * SKETCH_ERROR * 100));
	}

	@Test
	void errorOverManyRunsIsTheOneTheReportStates() {
		int distinct = 39_939;
		int runs = 200;
		double squares = 0;
		for (int seed = 0; seed < runs; seed++) {
			SplittableRandom random = new SplittableRandom(seed);
			DistinctCounter counter = new DistinctCounter();
			for (int i = 0; i < distinct; i++) {
				counter.add(random.nextLong());
			}
			double error = (counter.count() - distinct) / (double) distinct;
			squares += error * error;
		}
		double rootMeanSquare = Math.sqrt(squares / runs);
		// the estimate of the error is itself within about 5% (1/sqrt(2 runs)) of it
		assertThat(rootMeanSquare).isLessThan(SKETCH_ERROR * 1.15).isGreaterThan(SKETCH_ERROR * 0.7);
	}

	@Test
	void restoredCounterGoesOnAsTheOriginalInBothPhasesAndAcrossTheLimit() {
		DistinctCounter original = new DistinctCounter();
		DistinctCounter restored = new DistinctCounter();
		SplittableRandom random = new SplittableRandom(13);
		long[] values = new long[3000];
		for (int i = 0; i < values.length; i++) {
			values[i] = random.nextLong();
		}
		for (int step = 0; step < 50_000; step += 1000) {
			for (int i = step; i < step + 1000; i++) {
				long value = values[(int) ((i * 2654435761L) % ((step < 10_000) ? 1000 : values.length))];
				original.add(value);
				restored.add(value);
			}
			restored = DistinctCounter.restore(restored.state());
			assertThat(restored.state()).isEqualTo(original.state());
			assertThat(restored.count()).isEqualTo(original.count());
			assertThat(restored.exact()).isEqualTo(original.exact());
		}
		assertThat(original.exact()).isFalse();
	}

	@Test
	void stateIsTheSameWhateverTheOrderOfTheValues() {
		DistinctCounter forward = new DistinctCounter();
		DistinctCounter backward = new DistinctCounter();
		for (int i = 0; i < 1500; i++) {
			forward.add(XxHash64.hash("v" + i));
			backward.add(XxHash64.hash("v" + (1499 - i)));
		}
		assertThat(backward.state()).isEqualTo(forward.state());
	}

	@Test
	void stateStaysWithinSixteenKibibytesInBothPhases() {
		DistinctCounter counter = new DistinctCounter();
		int maxExact = 0;
		int maxSketch = 0;
		SplittableRandom random = new SplittableRandom(5);
		for (int i = 1; i <= 1_000_000; i++) {
			counter.add(random.nextLong());
			if (i % 256 == 0 || (i >= 2040 && i <= 2060) || i % 100_000 == 0) {
				int size = counter.state().length;
				if (counter.exact()) {
					maxExact = Math.max(maxExact, size);
				}
				else {
					maxSketch = Math.max(maxSketch, size);
				}
			}
		}
		assertThat(maxExact).isEqualTo(1 + 8 * DistinctCounter.EXACT_LIMIT);
		assertThat(maxSketch).isLessThan(16 * 1024);
	}

	@Test
	void aLegacySketchGoesOnWithItsOwnError() {
		HyperLogLog legacy = HyperLogLog.restore(new byte[1 << HyperLogLog.LEGACY_PRECISION]);
		for (int i = 0; i < 10; i++) {
			legacy.add("v" + i);
		}
		DistinctCounter counter = DistinctCounter.restore(DistinctCounter.legacyState(legacy.state()));
		assertThat(counter.exact()).isFalse();
		assertThat(counter.relativeError()).isEqualTo(2 * SKETCH_ERROR);
		assertThat(counter.count()).isEqualTo(10);
		for (int i = 0; i < 30_000; i++) {
			counter.add(XxHash64.hash("v" + i));
		}
		assertThat(counter.count()).isCloseTo(30_000, withinPercentage(3 * 2 * SKETCH_ERROR * 100));
		assertThat(DistinctCounter.restore(counter.state()).relativeError()).isEqualTo(2 * SKETCH_ERROR);
	}

	@Test
	void restoreRejectsWhatIsNotACountersState() {
		assertThatIllegalArgumentException().isThrownBy(() -> DistinctCounter.restore(new byte[0]));
		assertThatIllegalArgumentException().isThrownBy(() -> DistinctCounter.restore(new byte[] { 9 }));
		// exact: not whole hashes, not increasing, too many
		assertThatIllegalArgumentException().isThrownBy(() -> DistinctCounter.restore(new byte[] { 1, 0, 0 }));
		byte[] repeated = new byte[17];
		repeated[0] = 1;
		repeated[8] = 5;
		repeated[16] = 5;
		assertThatIllegalArgumentException().isThrownBy(() -> DistinctCounter.restore(repeated));
		DistinctCounter full = new DistinctCounter();
		for (int i = 0; i < DistinctCounter.EXACT_LIMIT; i++) {
			full.add(i + 1);
		}
		byte[] tooMany = Arrays.copyOf(full.state(), full.state().length + 8);
		tooMany[tooMany.length - 1] = 1;
		tooMany[tooMany.length - 8] = 0x7F;
		assertThatIllegalArgumentException().isThrownBy(() -> DistinctCounter.restore(tooMany));
		// sketch: unknown precision, damaged registers
		DistinctCounter sketch = new DistinctCounter();
		for (int i = 0; i < 5000; i++) {
			sketch.add(XxHash64.hash("v" + i));
		}
		byte[] precision = sketch.state();
		precision[1] = 13;
		assertThatIllegalArgumentException().isThrownBy(() -> DistinctCounter.restore(precision));
		byte[] damaged = sketch.state();
		damaged[damaged.length / 2] ^= 0x55;
		assertThatIllegalArgumentException().isThrownBy(() -> DistinctCounter.restore(damaged));
		byte[] cut = Arrays.copyOf(sketch.state(), sketch.state().length - 3);
		assertThatIllegalArgumentException().isThrownBy(() -> DistinctCounter.restore(cut));
		assertThatIllegalArgumentException().isThrownBy(() -> DistinctCounter.legacyState(new byte[16384]));
	}

}
