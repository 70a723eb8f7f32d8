package dev.longhaul.worker;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ScheduleTest {

	private static final Instant T0 = Instant.parse("2026-03-01T00:00:00Z");

	@Test
	void fixedRateKeepsItsGridWhenTheTickIsShort() {
		Schedule.Next next = Schedule.fixedRate(Duration.ofSeconds(10)).next(T0, T0.plusSeconds(3));

		assertThat(next).isEqualTo(new Schedule.Next(T0.plusSeconds(10), 0));
	}

	@Test
	void fixedRateSkipsTheTickTimesAnOverrunningTickPassed() {
		Schedule.Next next = Schedule.fixedRate(Duration.ofSeconds(10)).next(T0, T0.plusSeconds(35));

		assertThat(next).isEqualTo(new Schedule.Next(T0.plusSeconds(40), 3));
	}

	@Test
	void fixedRateRunsATickTimeThatFallsExactlyOnTheEnd() {
		Schedule.Next next = Schedule.fixedRate(Duration.ofSeconds(10)).next(T0, T0.plusSeconds(20));

		assertThat(next).isEqualTo(new Schedule.Next(T0.plusSeconds(20), 1));
	}

	@Test
	void fixedDelayCountsFromTheEndAndNeverSkips() {
		Schedule.Next next = Schedule.fixedDelay(Duration.ofSeconds(10)).next(T0, T0.plusSeconds(35));

		assertThat(next).isEqualTo(new Schedule.Next(T0.plusSeconds(45), 0));
	}

	@Test
	void cronIsReadInItsTimeZone() {
		Schedule cron = Schedule.cron("0 0 3 * * *", ZoneId.of("Europe/Paris"));

		assertThat(cron.first(T0, Duration.ZERO)).isEqualTo(Instant.parse("2026-03-01T02:00:00Z"));
	}

	@Test
	void cronSkipsTheTimesAnOverrunningTickPassed() {
		Schedule cron = Schedule.cron("0 * * * * *", ZoneId.of("UTC"));

		Schedule.Next next = cron.next(T0, T0.plusSeconds(150));

		assertThat(next).isEqualTo(new Schedule.Next(T0.plusSeconds(180), 2));
	}

}
