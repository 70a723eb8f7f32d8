package dev.longhaul.worker;

import java.time.Clock;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.ZoneId;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

import org.jspecify.annotations.Nullable;

import dev.longhaul.worker.WorkersProperties.BackoffSettings;
import dev.longhaul.worker.WorkersProperties.Mode;
import dev.longhaul.worker.WorkersProperties.Overrides;

/**
 * Creates workers with their configuration applied: declare the result as a {@code @Bean}
 * and the application context starts and stops it.
 *
 * <pre>{@code
 * &#64;Bean
 * LoopWorker emailSender(WorkerFactory workers, EmailSender sender) {
 *     return workers.loop("email-sender", WorkerSettings.loop(Duration.ofSeconds(5)), sender);
 * }
 * }</pre>
 */
public final class WorkerFactory {

	private final WorkersProperties properties;

	private final Clock clock;

	private final WorkerObserver observer;

	private final ApplicationTerminator terminator;

	private final Set<String> configNames = ConcurrentHashMap.newKeySet();

	public WorkerFactory(WorkersProperties properties, Clock clock, WorkerObserver observer,
			ApplicationTerminator terminator) {
		this.properties = properties;
		this.clock = clock;
		this.observer = observer;
		this.terminator = terminator;
	}

	/**
	 * A loop-style worker.
	 * @param name its name, as in {@code longhaul.workers.<name>}
	 * @param defaults the settings configuration may override
	 * @param task the round to run
	 * @return the worker, not started
	 * @throws InvalidWorkerConfigurationException if the configuration does not fit
	 */
	public LoopWorker loop(String name, WorkerSettings defaults, LoopTask task) {
		return loop(name, name, defaults, task);
	}

	/**
	 * A loop-style worker that takes its configuration from another name: for several
	 * workers of one kind ({@code data-processor-1}, {@code data-processor-2}) configured
	 * together ({@code data-processor}).
	 * @param name its name
	 * @param configName the name of its configuration, as in
	 * {@code longhaul.workers.<configName>}
	 * @param defaults the settings configuration may override
	 * @param task the round to run
	 * @return the worker, not started
	 * @throws InvalidWorkerConfigurationException if the configuration does not fit
	 */
	public LoopWorker loop(String name, String configName, WorkerSettings defaults, LoopTask task) {
		return new LoopWorker(name, task, resolve(configName, defaults, false), this.clock, this.observer,
				this.terminator);
	}

	/**
	 * The names whose configuration this factory has read, so that configuration for any
	 * other name can be reported as a likely typo.
	 * @return the names
	 */
	public Set<String> configNames() {
		return Set.copyOf(this.configNames);
	}

	/**
	 * A timer-style worker.
	 * @param name its name, as in {@code longhaul.workers.<name>}
	 * @param defaults the settings configuration may override, with a schedule
	 * @param task the tick to run
	 * @return the worker, not started
	 * @throws InvalidWorkerConfigurationException if the configuration does not fit
	 */
	public TimerWorker timer(String name, WorkerSettings defaults, PeriodicTask task) {
		if (defaults.schedule() == null) {
			throw new IllegalArgumentException("Timer worker '" + name + "' needs a schedule in its defaults");
		}
		return new TimerWorker(name, task, resolve(name, defaults, true), this.clock, this.observer, this.terminator);
	}

	WorkerSettings resolve(String name, WorkerSettings defaults, boolean timer) {
		this.configNames.add(name);
		Overrides config = this.properties.workers().getOrDefault(name, Overrides.NONE);
		String prefix = "longhaul.workers." + name + ".";
		if (!timer) {
			rejectIfSet(config.period(), prefix + "period", "loop workers have no period; set idle-delay");
			rejectIfSet(config.mode(), prefix + "mode", "loop workers have no schedule; set idle-delay");
			rejectIfSet(config.cron(), prefix + "cron", "loop workers have no schedule; set idle-delay");
			rejectIfSet(config.zone(), prefix + "zone", "loop workers have no schedule; set idle-delay");
		}
		else {
			rejectIfSet(config.idleDelay(), prefix + "idle-delay", "timer workers have no idle delay; set period");
		}
		try {
			WorkerSettings.Builder settings = defaults.toBuilder();
			ifSet(config.enabled(), settings::enabled);
			ifSet(config.initialDelay(), settings::initialDelay);
			ifSet(config.idleDelay(), settings::idleDelay);
			ifSet(config.shutdownTimeout(), settings::shutdownTimeout);
			ifSet(config.onError(), settings::onError);
			ifSet(config.stallAfter(), settings::stallAfter);
			ifSet(config.critical(), settings::critical);
			ifSet(config.failureThreshold(), settings::failureThreshold);
			ifSet(config.maxRestarts(), settings::maxRestarts);
			ifSet(config.restartWindow(), settings::restartWindow);
			settings.backoff(backoff(defaults.backoff(), config.backoff(), prefix));
			if (timer) {
				settings.schedule(schedule(defaults.schedule(), config, prefix));
			}
			return settings.build();
		}
		catch (IllegalArgumentException ex) {
			throw invalid(name, ex.getMessage(), "Fix the " + prefix + "* properties.");
		}
	}

	private static @Nullable Schedule schedule(@Nullable Schedule defaults, Overrides config, String prefix) {
		if (config.cron() != null) {
			if (config.period() != null || config.mode() != null) {
				throw new IllegalArgumentException(
						"set either " + prefix + "cron or " + prefix + "period (with " + prefix + "mode), not both");
			}
			ZoneId zone;
			try {
				zone = (config.zone() != null) ? ZoneId.of(config.zone()) : ZoneId.systemDefault();
			}
			catch (DateTimeException ex) {
				throw new IllegalArgumentException(prefix + "zone '" + config.zone() + "' is not a time zone ("
						+ ex.getMessage() + "); use an id such as Europe/Paris or UTC");
			}
			try {
				return Schedule.cron(config.cron(), zone);
			}
			catch (IllegalArgumentException ex) {
				throw new IllegalArgumentException(prefix + "cron '" + config.cron() + "' is not a cron expression: "
						+ ex.getMessage() + " (six fields: second minute hour day-of-month month day-of-week)");
			}
		}
		if (config.zone() != null) {
			throw new IllegalArgumentException(prefix + "zone applies only with " + prefix + "cron");
		}
		if (config.period() == null && config.mode() == null) {
			return defaults;
		}
		Duration period = (config.period() != null) ? config.period() : periodOf(defaults, prefix);
		Mode mode = (config.mode() != null) ? config.mode()
				: (defaults instanceof Schedule.FixedRate) ? Mode.FIXED_RATE : Mode.FIXED_DELAY;
		return (mode == Mode.FIXED_RATE) ? Schedule.fixedRate(period) : Schedule.fixedDelay(period);
	}

	private static Duration periodOf(@Nullable Schedule schedule, String prefix) {
		if (schedule instanceof Schedule.FixedRate rate) {
			return rate.period();
		}
		if (schedule instanceof Schedule.FixedDelay delay) {
			return delay.delay();
		}
		throw new IllegalArgumentException(prefix + "mode needs " + prefix + "period: the worker runs on a cron");
	}

	private static Backoff backoff(Backoff defaults, @Nullable BackoffSettings config, String prefix) {
		if (config == null) {
			return defaults;
		}
		Duration initial = (config.initial() != null) ? config.initial() : defaults.initial();
		Duration max = (config.max() != null) ? config.max() : defaults.max();
		if (max.compareTo(initial) < 0) {
			throw new IllegalArgumentException(prefix + "backoff.max (" + Durations.format(max)
					+ ") must not be shorter than " + prefix + "backoff.initial (" + Durations.format(initial) + ")");
		}
		return new Backoff(initial, max, (config.multiplier() != null) ? config.multiplier() : defaults.multiplier(),
				(config.jitter() != null) ? config.jitter() : defaults.jitter());
	}

	private static <T> void ifSet(@Nullable T value, Consumer<T> setter) {
		if (value != null) {
			setter.accept(value);
		}
	}

	private static void rejectIfSet(@Nullable Object value, String property, String why) {
		if (value != null) {
			throw new InvalidWorkerConfigurationException("Property " + property + " is set, but " + why + ".",
					"Remove " + property + ".");
		}
	}

	private static InvalidWorkerConfigurationException invalid(String name, @Nullable String problem, String action) {
		return new InvalidWorkerConfigurationException("Worker '" + name + "' is misconfigured: " + problem, action);
	}

}
