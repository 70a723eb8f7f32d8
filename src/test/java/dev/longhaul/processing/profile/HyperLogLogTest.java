package dev.longhaul.processing.profile;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.withinPercentage;

class HyperLogLogTest {

	@Test
	void xxHash64MatchesTheReferenceVectors() {
		assertThat(XxHash64.hash(bytes(""))).isEqualTo(0xEF46DB3751D8E999L);
		assertThat(XxHash64.hash(bytes("a"))).isEqualTo(0xD24EC4F1A98C6E5BL);
		assertThat(XxHash64.hash(bytes("abc"))).isEqualTo(0x44BC2CF5AD770999L);
		assertThat(XxHash64.hash(bytes("Nobody inspects the spammish repetition"))).isEqualTo(0xFBCEA83C8A378BF1L);
	}

	@Test
	void emptySketchEstimatesZero() {
		assertThat(new HyperLogLog().estimate()).isZero();
	}

	@ParameterizedTest(name = "{0} distinct values")
	@ValueSource(ints = { 1, 2, 10, 100, 1_000, 3_000, 10_000, 50_000, 300_000, 1_000_000 })
	void estimateIsWithinThreeStandardErrors(int distinct) {
		HyperLogLog sketch = new HyperLogLog();
		for (int i = 0; i < distinct; i++) {
			sketch.add("value-" + i);
			sketch.add("value-" + i);
		}
		assertThat(sketch.relativeStandardError()).isEqualTo(1.04 / 128);
		assertThat(sketch.estimate()).isCloseTo(distinct, withinPercentage(3 * 0.8125));
	}

	@Test
	void smallCardinalitiesAreExact() {
		for (int distinct = 1; distinct <= 60; distinct++) {
			HyperLogLog sketch = new HyperLogLog();
			for (int i = 0; i < distinct; i++) {
				sketch.add("v" + i);
			}
			assertThat(sketch.estimate()).as("%d distinct", distinct).isEqualTo(distinct);
		}
	}

	@Test
	void restoredSketchContinuesAsTheOriginal() {
		HyperLogLog original = new HyperLogLog();
		for (int i = 0; i < 20_000; i++) {
			original.add("x" + i);
		}
		HyperLogLog restored = HyperLogLog.restore(original.state());
		for (int i = 20_000; i < 40_000; i++) {
			original.add("x" + i);
			restored.add("x" + i);
		}
		assertThat(restored.state()).isEqualTo(original.state());
		assertThat(original.state()).hasSize(16384);
	}

	@Test
	void restoreRejectsWhatIsNotASketch() {
		assertThatIllegalArgumentException().isThrownBy(() -> HyperLogLog.restore(new byte[10]));
		assertThatIllegalArgumentException().isThrownBy(() -> HyperLogLog.restore(new byte[4096 - 1]));
		assertThatIllegalArgumentException().isThrownBy(() -> HyperLogLog.restore(new byte[8192]));
		byte[] rankTooHigh = new byte[16384];
		rankTooHigh[0] = 52;
		assertThatIllegalArgumentException().isThrownBy(() -> HyperLogLog.restore(rankTooHigh));
		byte[] outOfRange = new byte[4096];
		outOfRange[0] = 60;
		assertThatIllegalArgumentException().isThrownBy(() -> HyperLogLog.restore(outOfRange));
	}

	@Test
	void aLegacySketchOfAnOlderCheckpointGoesOnWithItsPrecision() {
		byte[] registers = new byte[4096];
		registers[7] = 53;
		HyperLogLog legacy = HyperLogLog.restore(registers);
		assertThat(legacy.precision()).isEqualTo(12);
		assertThat(legacy.relativeStandardError()).isEqualTo(1.04 / 64);
		for (int i = 0; i < 20_000; i++) {
			legacy.add("x" + i);
		}
		assertThat(legacy.state()).hasSize(4096);
	}

	private static byte[] bytes(String text) {
		return text.getBytes(StandardCharsets.UTF_8);
	}

}
