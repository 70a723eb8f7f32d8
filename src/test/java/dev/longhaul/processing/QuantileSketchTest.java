package dev.longhaul.processing;

import java.util.Arrays;
import java.util.Random;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class QuantileSketchTest {

	@Test
	void emptySketchHasNoQuantile() {
		assertThat(new QuantileSketch().quantile(0.5)).isNaN();
	}

	@Test
	void quantilesOfAUniformStreamAreWithinHalfAPercentOfRank() {
		QuantileSketch sketch = new QuantileSketch();
		Random random = new Random(3);
		double[] values = new double[100_000];
		for (int i = 0; i < values.length; i++) {
			values[i] = random.nextDouble() * 1000;
			sketch.add(values[i]);
		}
		Arrays.sort(values);
		for (double q : new double[] { 0.01, 0.5, 0.95, 0.99 }) {
			double estimate = sketch.quantile(q);
			long rank = Arrays.stream(values).filter((v) -> v <= estimate).count();
			assertThat((double) rank / values.length).as("p%s", q).isCloseTo(q, within(0.005));
		}
	}

	@Test
	void restoringAnywhereContinuesByteForByteAsTheOriginal() {
		Random random = new Random(4);
		double[] values = random.doubles(5000).map((v) -> v * v * 100).toArray();
		QuantileSketch uninterrupted = new QuantileSketch();
		for (double value : values) {
			uninterrupted.add(value);
		}
		for (int stopEvery : new int[] { 1, 255, 256, 257, 1000 }) {
			QuantileSketch resumed = new QuantileSketch();
			for (int i = 0; i < values.length; i++) {
				if (i % stopEvery == 0) {
					resumed = QuantileSketch.restore(resumed.state());
				}
				resumed.add(values[i]);
			}
			assertThat(resumed.state()).as("stopping every %d", stopEvery).isEqualTo(uninterrupted.state());
			assertThat(resumed.quantile(0.99)).isEqualTo(uninterrupted.quantile(0.99));
		}
	}

}
