package dev.longhaul.processing;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Random;
import java.util.function.DoubleSupplier;

import com.tdunning.math.stats.MergingDigest;
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

	@Test
	void batchesGiveTheSameBytesAsMergingDigestItself() {
		Random random = new Random(5);
		DoubleSupplier[] streams = { () -> random.nextDouble() * 1000, () -> random.nextInt(3),
				() -> (random.nextInt(5) == 0) ? -0.0 : random.nextInt(3) * 0.0, () -> random.nextGaussian() * 1e300,
				() -> random.nextInt(20) - 10.5, () -> Math.floor(random.nextGaussian() * 100) / 100 };
		for (DoubleSupplier stream : streams) {
			QuantileSketch sketch = new QuantileSketch();
			byte[] digest = bytes(new MergingDigest(100));
			for (int batch = 0; batch < 60; batch++) {
				MergingDigest reference = MergingDigest.fromBytes(ByteBuffer.wrap(digest));
				for (int i = 0; i < QuantileSketch.BATCH; i++) {
					double value = stream.getAsDouble();
					reference.add(value);
					sketch.add(value);
				}
				digest = bytes(reference);
				byte[] state = sketch.state();
				assertThat(Arrays.copyOfRange(state, Integer.BYTES, state.length)).isEqualTo(digest);
			}
		}
	}

	/**
	 * How the sketch wrote its digest before it mirrored MergingDigest's merges.
	 */
	private static byte[] bytes(MergingDigest digest) {
		ByteBuffer buffer = ByteBuffer.allocate(digest.byteSize());
		digest.asBytes(buffer);
		return buffer.array();
	}

}
