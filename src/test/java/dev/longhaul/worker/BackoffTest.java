package dev.longhaul.worker;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class BackoffTest {

	private final Backoff backoff = new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(30), 2.0, 0.5);

	@Test
	void delayGrowsExponentiallyUpToTheCap() {
		assertThat(this.backoff.delay(1, () -> 0.0)).isEqualTo(Duration.ofSeconds(1));
		assertThat(this.backoff.delay(2, () -> 0.0)).isEqualTo(Duration.ofSeconds(2));
		assertThat(this.backoff.delay(5, () -> 0.0)).isEqualTo(Duration.ofSeconds(16));
		assertThat(this.backoff.delay(6, () -> 0.0)).isEqualTo(Duration.ofSeconds(30));
		assertThat(this.backoff.delay(1000, () -> 0.0)).isEqualTo(Duration.ofSeconds(30));
	}

	@Test
	void jitterTakesAtMostItsShareOff() {
		assertThat(this.backoff.delay(2, () -> 0.999999)).isBetween(Duration.ofMillis(1000), Duration.ofMillis(1001));
		for (int i = 0; i < 1000; i++) {
			assertThat(this.backoff.delay(3)).isBetween(Duration.ofSeconds(2), Duration.ofSeconds(4));
		}
	}

	@Test
	void rejectsMaxShorterThanInitial() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new Backoff(Duration.ofSeconds(10), Duration.ofSeconds(1), 2.0, 0.0))
			.withMessageContaining("max");
	}

}
