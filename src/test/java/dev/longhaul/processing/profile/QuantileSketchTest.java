package dev.longhaul.processing.profile;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
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
		long[] step = { 0 };
		Map<String, DoubleSupplier> streams = new LinkedHashMap<>();
		streams.put("uniform", () -> random.nextDouble() * 1000);
		streams.put("three integers", () -> random.nextInt(3));
		streams.put("signed zeros", () -> (random.nextInt(5) == 0) ? -0.0 : random.nextInt(3) * 0.0);
		streams.put("gaussian x 1e300", () -> random.nextGaussian() * 1e300);
		streams.put("halves", () -> random.nextInt(20) - 10.5);
		streams.put("cents", () -> Math.floor(random.nextGaussian() * 100) / 100);
		// magnitudes where a centroid update can overflow: the library's route
		streams.put("gaussian x 1e307", () -> random.nextGaussian() * 1e307);
		streams.put("uniform to 1e307", () -> random.nextDouble() * 1e307);
		streams.put("rare +-1e307", () -> (random.nextInt(1000) == 0) ? Math.copySign(1e307, random.nextGaussian())
				: random.nextGaussian());
		streams.put("rare 1e308", () -> (random.nextInt(5000) == 0) ? 1e308 : random.nextGaussian());
		streams.put("very rare +-1e308", () -> (random.nextInt(20_000) == 0)
				? Math.copySign(1e308, random.nextGaussian()) : random.nextGaussian());
		streams.put("constant 1e308", () -> 1e308);
		streams.put("constant -1e308", () -> -1e308);
		streams.put("constant 3", () -> 3);
		streams.put("ascending", () -> step[0]++ * 0.001);
		streams.put("descending", () -> step[0]-- * 0.5);
		streams.put("ascending +-1e306", () -> -1e306 + step[0]++ * (1e306 / 30_720));
		for (Map.Entry<String, DoubleSupplier> stream : streams.entrySet()) {
			step[0] = 0;
			QuantileSketch sketch = new QuantileSketch();
			QuantileSketch restored = new QuantileSketch();
			byte[] digest = bytes(new MergingDigest(100));
			for (int batch = 0; batch < 60; batch++) {
				MergingDigest reference = MergingDigest.fromBytes(ByteBuffer.wrap(digest));
				for (int i = 0; i < QuantileSketch.BATCH; i++) {
					if (i % 700 == 0) {
						restored = QuantileSketch.restore(restored.state());
					}
					double value = stream.getValue().getAsDouble();
					reference.add(value);
					sketch.add(value);
					restored.add(value);
				}
				digest = bytes(reference);
				byte[] state = sketch.state();
				assertThat(Arrays.copyOfRange(state, Integer.BYTES, state.length))
					.as("%s, batch %d", stream.getKey(), batch)
					.isEqualTo(digest);
				assertThat(restored.state()).as("%s restored, batch %d", stream.getKey(), batch).isEqualTo(state);
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
