package dev.longhaul.config;

import java.time.Duration;

import javax.sql.DataSource;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The database's lifecycle and health: on H2 the database outlives the workers, and the
 * {@code db} health indicator answers within a second.
 */
@Configuration(proxyBeanMethods = false)
class DatabaseConfiguration {

	/** How long readiness waits for the database before it reports it down. */
	static final Duration HEALTH_TIMEOUT = Duration.ofMillis(500);

	@Bean
	static H2DatabaseOutlivesWorkers h2DatabaseOutlivesWorkers() {
		return new H2DatabaseOutlivesWorkers();
	}

	/** Replaces Boot's {@code db} indicator (same name), which can hang for 30 s. */
	@Bean
	DatabaseHealthIndicator dbHealthIndicator(DataSource dataSource) {
		return new DatabaseHealthIndicator(dataSource, HEALTH_TIMEOUT);
	}

}
