package dev.longhaul.queue;

import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;

import org.springframework.core.ResolvableType;
import org.springframework.util.ClassUtils;

import dev.longhaul.queue.JobsProperties.Overrides;
import dev.longhaul.worker.Backoff;
import dev.longhaul.worker.WorkersProperties.BackoffSettings;

/**
 * The registered job types: one per {@link JobHandler} bean, with its payload type and
 * settings. Built on first use (so that handlers may themselves enqueue jobs of other
 * types) and checked when the application starts: two handlers for one type, a handler
 * whose payload type cannot be read, settings that do not fit, or configuration for a
 * type that has no handler stop the application with a message naming them.
 * <p>
 * Thread-safe.
 */
public final class JobTypes {

	/** What a type's or queue's name looks like. */
	static final String NAME = "[a-z0-9][a-z0-9-]{0,63}";

	/** The timeout of a type whose handler sets none. */
	static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(5);

	private final Supplier<Map<String, JobHandler<?>>> handlers;

	private final QueueProperties queue;

	private final JobsProperties properties;

	private volatile @Nullable Map<String, JobType<?>> types;

	/**
	 * Creates the registry.
	 * @param handlers the handler beans by bean name, looked up on first use
	 * @param queue the queue's defaults (attempts, retry backoff)
	 * @param properties {@code longhaul.jobs.*}
	 */
	public JobTypes(Supplier<Map<String, JobHandler<?>>> handlers, QueueProperties queue, JobsProperties properties) {
		this.handlers = handlers;
		this.queue = queue;
		this.properties = properties;
	}

	/**
	 * A registry of the given handlers, with default settings: for tests and tools.
	 * @param queue the queue's defaults
	 * @param handlers the handlers
	 * @return the registry
	 */
	public static JobTypes of(QueueProperties queue, JobHandler<?>... handlers) {
		Map<String, JobHandler<?>> byName = new LinkedHashMap<>();
		for (JobHandler<?> handler : handlers) {
			byName.put(handler.getClass().getName() + "#" + byName.size(), handler);
		}
		return new JobTypes(() -> byName, queue, new JobsProperties(Map.of()));
	}

	/**
	 * Every type.
	 * @return the types, by name
	 * @throws InvalidJobConfigurationException if they cannot run as registered
	 */
	public Collection<JobType<?>> all() {
		return types().values();
	}

	/**
	 * A type by name.
	 * @param name the type's name
	 * @return the type, if one has that name
	 */
	public Optional<JobType<?>> find(String name) {
		return Optional.ofNullable(types().get(name));
	}

	/**
	 * The type a handler class runs.
	 * @param <P> the payload type
	 * @param handler the handler's class
	 * @return the type
	 * @throws IllegalArgumentException if no registered handler is of that class
	 */
	@SuppressWarnings("unchecked")
	public <P> JobType<P> of(Class<? extends JobHandler<P>> handler) {
		for (JobType<?> type : all()) {
			if (handler.isInstance(type.handler())) {
				return (JobType<P>) type;
			}
		}
		throw new IllegalArgumentException("No job handler bean is a " + handler.getName());
	}

	/**
	 * The queues the types use.
	 * @return the queue names, sorted
	 */
	public Collection<String> queues() {
		return new TreeSet<>(all().stream().map((type) -> type.settings().queue()).toList());
	}

	private Map<String, JobType<?>> types() {
		Map<String, JobType<?>> types = this.types;
		if (types == null) {
			synchronized (this) {
				types = this.types;
				if (types == null) {
					types = build();
					this.types = types;
				}
			}
		}
		return types;
	}

	private Map<String, JobType<?>> build() {
		Map<String, JobType<?>> types = new LinkedHashMap<>();
		this.handlers.get().forEach((bean, handler) -> {
			JobType<?> type = register(bean, handler);
			JobType<?> other = types.putIfAbsent(type.name(), type);
			if (other != null) {
				throw new InvalidJobConfigurationException("Job type '" + type.name() + "' has two handlers: "
						+ other.source() + " and " + type.source() + ".",
						"Give each job type exactly one handler: change the type() of one of them.");
			}
		});
		TreeSet<String> unknown = new TreeSet<>(this.properties.jobs().keySet());
		unknown.removeAll(types.keySet());
		if (!unknown.isEmpty()) {
			throw new InvalidJobConfigurationException(
					"Configuration names job type(s) " + unknown + " under longhaul.jobs, but no handler runs them. "
							+ "Job types: " + new TreeSet<>(types.keySet()) + ".",
					"Fix the name (a typo would silently keep the defaults) or remove the properties.");
		}
		Map<String, JobType<?>> byQueue = new LinkedHashMap<>();
		for (JobType<?> type : types.values()) {
			JobType<?> first = byQueue.putIfAbsent(type.settings().queue(), type);
			if (first != null && !first.settings().worker().equals(type.settings().worker())) {
				throw new InvalidJobConfigurationException("Job types '" + first.name() + "' and '" + type.name()
						+ "' share queue '" + type.settings().queue() + "' but name different workers ('"
						+ first.settings().worker() + "', '" + type.settings().worker() + "'); a queue has one.",
						"Give them the same worker in their handlers' configure(), or separate queues "
								+ "(longhaul.jobs.<type>.queue).");
			}
		}
		return Map.copyOf(types);
	}

	private JobType<?> register(String bean, JobHandler<?> handler) {
		Class<?> handlerClass = ClassUtils.getUserClass(handler);
		String source = "bean '" + bean + "' (" + handlerClass.getName() + ")";
		String name = handler.type();
		if (name == null || !name.matches(NAME)) {
			throw new InvalidJobConfigurationException(
					"Job handler " + source + " names its type '" + name + "', which is not a job type name.",
					"Use lower case letters, digits and dashes, starting with a letter or digit, at most 64.");
		}
		Class<?> payloadType = ResolvableType.forClass(handlerClass).as(JobHandler.class).getGeneric(0).resolve();
		if (payloadType == null || payloadType == Object.class) {
			throw new InvalidJobConfigurationException(
					"Job handler " + source + " for job type '" + name + "' has no payload type.",
					"Declare the payload type on the handler's class: class MyJobs implements JobHandler<MyPayload> "
							+ "(a lambda, a raw JobHandler or JobHandler<Object> hides it).");
		}
		JobSettings settings;
		try {
			settings = configure(name, handler);
		}
		catch (IllegalArgumentException ex) {
			throw new InvalidJobConfigurationException(
					"Job type '" + name + "' of " + source + " is misconfigured: " + ex.getMessage(),
					"Fix longhaul.jobs." + name + ".* or the handler's configure().");
		}
		return typed(name, handler, payloadType, settings, source);
	}

	@SuppressWarnings("unchecked")
	private static <P> JobType<P> typed(String name, JobHandler<?> handler, Class<?> payloadType, JobSettings settings,
			String source) {
		return new JobType<>(name, (JobHandler<P>) handler, (Class<P>) payloadType, settings, source);
	}

	private JobSettings configure(String name, JobHandler<?> handler) {
		JobSettings defaults = new JobSettings(name, name + "-jobs", 1, 0, this.queue.maxAttempts(),
				this.queue.retryBackoff(), DEFAULT_TIMEOUT);
		JobSettings settings = handler.configure(defaults);
		Overrides config = this.properties.jobs().getOrDefault(name, Overrides.NONE);
		if (config.queue() != null) {
			settings = settings.withQueue(config.queue());
		}
		if (config.concurrency() != null) {
			settings = settings.withConcurrency(config.concurrency());
		}
		if (config.prefetch() != null) {
			settings = settings.withPrefetch(config.prefetch());
		}
		if (config.maxAttempts() != null) {
			settings = settings.withMaxAttempts(config.maxAttempts());
		}
		if (config.retry() != null) {
			settings = settings.withRetryBackoff(backoff(settings.retryBackoff(), config.retry()));
		}
		if (config.timeout() != null) {
			settings = settings.withTimeout(config.timeout());
		}
		return settings;
	}

	private static Backoff backoff(Backoff defaults, BackoffSettings config) {
		return new Backoff((config.initial() != null) ? config.initial() : defaults.initial(),
				(config.max() != null) ? config.max() : defaults.max(),
				(config.multiplier() != null) ? config.multiplier() : defaults.multiplier(),
				(config.jitter() != null) ? config.jitter() : defaults.jitter());
	}

	/**
	 * The settings of the queue's executor: the largest concurrency and prefetch of its
	 * types, and their worker.
	 * @param queue the queue
	 * @return its types
	 */
	List<JobType<?>> ofQueue(String queue) {
		return all().stream().filter((type) -> type.settings().queue().equals(queue)).toList();
	}

}
