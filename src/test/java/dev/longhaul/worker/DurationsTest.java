package dev.longhaul.worker;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class DurationsTest {

	@Test
	void durationBelowASecondIsWrittenInMilliseconds() {
		assertThat(Durations.format(Duration.ofMillis(250))).isEqualTo("250ms");
		assertThat(Durations.format(Duration.ZERO)).isEqualTo("0ms");
		assertThat(Durations.format(Duration.ofNanos(1_999_999))).isEqualTo("1ms");
	}

	@Test
	void longerDurationIsWrittenInHoursMinutesAndSeconds() {
		assertThat(Durations.format(Duration.ofMillis(1500))).isEqualTo("1.5s");
		assertThat(Durations.format(Duration.ofMinutes(5))).isEqualTo("5m");
		assertThat(Durations.format(Duration.ofMinutes(90))).isEqualTo("1h30m");
	}

}
