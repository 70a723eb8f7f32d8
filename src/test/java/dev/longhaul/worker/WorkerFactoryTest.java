package dev.longhaul.worker;

import java.time.Clock;
import java.time.Duration;
import java.time.ZoneId;
import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class WorkerFactoryTest {

	private static final LoopTask IDLE = (stop) -> RoundResult.IDLE;

	private static final PeriodicTask NOTHING = (stop) -> {
	};

	private static WorkerFactory factory(Map<String, String> properties) {
		WorkersProperties bound = new Binder(new MapConfigurationPropertySource(properties)).bindOrCreate("longhaul",
				WorkersProperties.class);
		return new WorkerFactory(bound, Clock.systemUTC(), WorkerObserver.NONE, (reason) -> {
		});
	}

	@Test
	void workerWithoutConfigurationKeepsTheDefaultsOfItsCode() {
		LoopWorker worker = factory(Map.of()).loop("mailer", WorkerSettings.loop(Duration.ofSeconds(7)), IDLE);

		assertThat(worker.settings()).isEqualTo(WorkerSettings.loop(Duration.ofSeconds(7)));
	}

	@Test
	void configurationOverridesEachSettingItNames() {
		LoopWorker worker = factory(
				Map.of("longhaul.workers.mailer.idle-delay", "250ms", "longhaul.workers.mailer.shutdown-timeout", "3s",
						"longhaul.workers.mailer.on-error", "stop-application",
						"longhaul.workers.mailer.backoff.initial", "2s", "longhaul.workers.mailer.max-restarts", "9",
						"longhaul.workers.mailer.critical", "true", "longhaul.workers.mailer.enabled", "false"))
			.loop("mailer", WorkerSettings.loop(Duration.ofSeconds(7)), IDLE);

		WorkerSettings settings = worker.settings();
		assertThat(settings.idleDelay()).isEqualTo(Duration.ofMillis(250));
		assertThat(settings.shutdownTimeout()).isEqualTo(Duration.ofSeconds(3));
		assertThat(settings.onError()).isEqualTo(ErrorPolicy.STOP_APPLICATION);
		assertThat(settings.backoff().initial()).isEqualTo(Duration.ofSeconds(2));
		assertThat(settings.backoff().max()).isEqualTo(Backoff.DEFAULT.max());
		assertThat(settings.maxRestarts()).isEqualTo(9);
		assertThat(settings.restartWindow()).isEqualTo(WorkerSettings.DEFAULTS.restartWindow());
		assertThat(settings.critical()).isTrue();
		assertThat(settings.enabled()).isFalse();
	}

	@Test
	void configurationOverridesTheOtherSettingsEachIntoItsOwn() {
		LoopWorker worker = factory(Map.of("longhaul.workers.mailer.initial-delay", "1s",
				"longhaul.workers.mailer.restart-window", "2m", "longhaul.workers.mailer.stall-after", "3m",
				"longhaul.workers.mailer.failure-threshold", "4", "longhaul.workers.mailer.backoff.max", "6m",
				"longhaul.workers.mailer.backoff.multiplier", "1.5", "longhaul.workers.mailer.backoff.jitter", "0"))
			.loop("mailer", WorkerSettings.loop(Duration.ofSeconds(7)), IDLE);

		assertThat(worker.settings()).isEqualTo(WorkerSettings.builder()
			.idleDelay(Duration.ofSeconds(7))
			.initialDelay(Duration.ofSeconds(1))
			.restartWindow(Duration.ofMinutes(2))
			.stallAfter(Duration.ofMinutes(3))
			.failureThreshold(4)
			.backoff(new Backoff(Backoff.DEFAULT.initial(), Duration.ofMinutes(6), 1.5, 0.0))
			.build());
	}

	@Test
	void timerScheduleCanBeReplacedByAPeriodAModeOrACron() {
		WorkerSettings defaults = WorkerSettings.timer(Schedule.fixedDelay(Duration.ofMinutes(1)));

		assertThat(
				factory(Map.of("longhaul.workers.t.period", "5s")).timer("t", defaults, NOTHING).settings().schedule())
			.isEqualTo(Schedule.fixedDelay(Duration.ofSeconds(5)));
		assertThat(factory(Map.of("longhaul.workers.t.mode", "fixed-rate")).timer("t", defaults, NOTHING)
			.settings()
			.schedule()).isEqualTo(Schedule.fixedRate(Duration.ofMinutes(1)));
		assertThat(factory(Map.of("longhaul.workers.t.cron", "0 0 3 * * *", "longhaul.workers.t.zone", "Asia/Tokyo"))
			.timer("t", defaults, NOTHING)
			.settings()
			.schedule()).isEqualTo(Schedule.cron("0 0 3 * * *", ZoneId.of("Asia/Tokyo")));
	}

	@Test
	void rejectsSettingsThatDoNotFitTheWorker() {
		WorkerSettings timer = WorkerSettings.timer(Schedule.fixedDelay(Duration.ofMinutes(1)));
		assertThatExceptionOfType(InvalidWorkerConfigurationException.class)
			.isThrownBy(
					() -> factory(Map.of("longhaul.workers.t.cron", "0 0 3 * * *", "longhaul.workers.t.period", "5s"))
						.timer("t", timer, NOTHING))
			.withMessageContaining("set either longhaul.workers.t.cron or longhaul.workers.t.period");
		assertThatExceptionOfType(InvalidWorkerConfigurationException.class)
			.isThrownBy(() -> factory(Map.of("longhaul.workers.t.cron", "every day")).timer("t", timer, NOTHING))
			.withMessageContaining("longhaul.workers.t.cron 'every day' is not a cron expression");
		assertThatExceptionOfType(InvalidWorkerConfigurationException.class)
			.isThrownBy(() -> factory(
					Map.of("longhaul.workers.t.cron", "0 0 3 * * *", "longhaul.workers.t.zone", "Mars/Olympus"))
				.timer("t", timer, NOTHING))
			.withMessageContaining("longhaul.workers.t.zone 'Mars/Olympus' is not a time zone");
		assertThatExceptionOfType(InvalidWorkerConfigurationException.class)
			.isThrownBy(() -> factory(Map.of("longhaul.workers.t.idle-delay", "1s")).timer("t", timer, NOTHING))
			.withMessageContaining("timer workers have no idle delay");
		assertThatExceptionOfType(InvalidWorkerConfigurationException.class)
			.isThrownBy(
					() -> factory(Map.of("longhaul.workers.l.period", "1s")).loop("l", WorkerSettings.DEFAULTS, IDLE))
			.withMessageContaining("loop workers have no period");
		assertThatExceptionOfType(InvalidWorkerConfigurationException.class)
			.isThrownBy(() -> factory(Map.of("longhaul.workers.l.backoff.initial", "10m")).loop("l",
					WorkerSettings.DEFAULTS, IDLE))
			.withMessageContaining(
					"backoff.max (5m) must not be shorter than longhaul.workers.l.backoff.initial (10m)");
	}

}
