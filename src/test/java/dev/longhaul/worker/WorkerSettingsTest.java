package dev.longhaul.worker;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Worker settings: a builder that starts from the defaults, each written once as a
 * constant, and the README's table of {@code longhaul.workers.<name>.*} showing those
 * constants.
 */
class WorkerSettingsTest {

	private static final Pattern ROW = Pattern.compile("^\\| `([a-z.-]+)` \\| `([^`]*)`");

	@Test
	void builderStartsFromTheDefaultConstants() {
		WorkerSettings settings = WorkerSettings.builder().build();

		assertThat(settings).isEqualTo(WorkerSettings.DEFAULTS)
			.isEqualTo(new WorkerSettings(WorkerSettings.DEFAULT_ENABLED, null, WorkerSettings.DEFAULT_INITIAL_DELAY,
					WorkerSettings.DEFAULT_IDLE_DELAY, WorkerSettings.DEFAULT_SHUTDOWN_TIMEOUT, Backoff.DEFAULT,
					WorkerSettings.DEFAULT_ON_ERROR, WorkerSettings.DEFAULT_MAX_RESTARTS,
					WorkerSettings.DEFAULT_RESTART_WINDOW, WorkerSettings.DEFAULT_STALL_AFTER,
					WorkerSettings.DEFAULT_CRITICAL, WorkerSettings.DEFAULT_FAILURE_THRESHOLD));
		assertThat(WorkerSettings.loop(Duration.ofSeconds(7)))
			.isEqualTo(WorkerSettings.builder().idleDelay(Duration.ofSeconds(7)).build());
		Schedule hourly = Schedule.fixedDelay(Duration.ofHours(1));
		assertThat(WorkerSettings.timer(hourly)).isEqualTo(WorkerSettings.builder().schedule(hourly).build());
	}

	@Test
	void eachSetterReplacesItsSettingAndToBuilderKeepsTheOthers() {
		Backoff backoff = new Backoff(Duration.ofSeconds(2), Duration.ofSeconds(8), 3.0, 0.0);
		Schedule schedule = Schedule.fixedRate(Duration.ofMinutes(1));
		WorkerSettings settings = WorkerSettings.builder()
			.enabled(false)
			.schedule(schedule)
			.initialDelay(Duration.ofSeconds(1))
			.idleDelay(Duration.ofSeconds(2))
			.shutdownTimeout(Duration.ofSeconds(3))
			.backoff(backoff)
			.onError(ErrorPolicy.RESTART)
			.maxRestarts(7)
			.restartWindow(Duration.ofMinutes(4))
			.stallAfter(Duration.ofMinutes(5))
			.critical(true)
			.failureThreshold(6)
			.build();

		assertThat(settings).isEqualTo(
				new WorkerSettings(false, schedule, Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(3),
						backoff, ErrorPolicy.RESTART, 7, Duration.ofMinutes(4), Duration.ofMinutes(5), true, 6));
		assertThat(settings.toBuilder().build()).isEqualTo(settings);
		assertThat(settings.toBuilder().maxRestarts(8).build()).isEqualTo(
				new WorkerSettings(false, schedule, Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(3),
						backoff, ErrorPolicy.RESTART, 8, Duration.ofMinutes(4), Duration.ofMinutes(5), true, 6));
	}

	@Test
	void buildRejectsASettingOutOfRangeNamingItsProperty() {
		assertThatIllegalArgumentException().isThrownBy(() -> WorkerSettings.builder().idleDelay(Duration.ZERO).build())
			.withMessage("idle-delay must be positive");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> WorkerSettings.DEFAULTS.toBuilder().initialDelay(Duration.ofSeconds(-1)).build())
			.withMessage("initial-delay must not be negative");
		assertThatIllegalArgumentException().isThrownBy(() -> WorkerSettings.builder().failureThreshold(0).build())
			.withMessage("failure-threshold must be positive");
	}

	@Test
	void readmeTableOfWorkerSettingsShowsTheDefaultsOfTheCode() throws IOException {
		Map<String, String> expected = new LinkedHashMap<>();
		expected.put("enabled", String.valueOf(WorkerSettings.DEFAULT_ENABLED));
		expected.put("initial-delay", readme(WorkerSettings.DEFAULT_INITIAL_DELAY));
		expected.put("idle-delay", readme(WorkerSettings.DEFAULT_IDLE_DELAY));
		expected.put("shutdown-timeout", readme(WorkerSettings.DEFAULT_SHUTDOWN_TIMEOUT));
		expected.put("backoff.initial", readme(Backoff.DEFAULT.initial()));
		expected.put("backoff.max", readme(Backoff.DEFAULT.max()));
		expected.put("backoff.multiplier", readme(Backoff.DEFAULT.multiplier()));
		expected.put("backoff.jitter", readme(Backoff.DEFAULT.jitter()));
		expected.put("on-error", WorkerSettings.DEFAULT_ON_ERROR.name().toLowerCase().replace('_', '-'));
		expected.put("max-restarts", String.valueOf(WorkerSettings.DEFAULT_MAX_RESTARTS));
		expected.put("restart-window", readme(WorkerSettings.DEFAULT_RESTART_WINDOW));
		expected.put("stall-after", readme(WorkerSettings.DEFAULT_STALL_AFTER));
		expected.put("critical", String.valueOf(WorkerSettings.DEFAULT_CRITICAL));
		expected.put("failure-threshold", String.valueOf(WorkerSettings.DEFAULT_FAILURE_THRESHOLD));

		assertThat(readmeWorkerDefaults()).containsAllEntriesOf(expected);
	}

	/** The first table of the README's Configuration section: property to default. */
	private static Map<String, String> readmeWorkerDefaults() throws IOException {
		List<String> lines = Files.readAllLines(Path.of("README.md"), StandardCharsets.UTF_8);
		int start = lines.indexOf("## Configuration");
		assertThat(start).as("the README's Configuration section").isNotNegative();
		Map<String, String> defaults = new LinkedHashMap<>();
		boolean inTable = false;
		for (String line : lines.subList(start + 1, lines.size())) {
			if (line.startsWith("|")) {
				inTable = true;
				Matcher row = ROW.matcher(line);
				if (row.find()) {
					defaults.put(row.group(1), row.group(2));
				}
			}
			else if (inTable) {
				break;
			}
		}
		return defaults;
	}

	private static String readme(Duration duration) {
		return duration.isZero() ? "0" : Durations.format(duration);
	}

	private static String readme(double number) {
		return (number == Math.rint(number)) ? String.valueOf((long) number) : String.valueOf(number);
	}

}
