package dev.longhaul.config;

import com.zaxxer.hikari.HikariDataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.config.BeanPostProcessor;

/**
 * Turns H2's own JVM shutdown hook off ({@code ;DB_CLOSE_ON_EXIT=FALSE}) on every H2 data
 * source of the context. That hook closes the database the moment the JVM starts to exit
 * (on a SIGTERM), while the application context is still stopping its workers, whose last
 * acknowledgements then fail with "Database is already closed" and leave jobs
 * {@code RUNNING}. Without it, the context closes the data source after the workers, as
 * on PostgreSQL. A URL that sets {@code DB_CLOSE_ON_EXIT} itself is kept, with a warning
 * if it turns the hook on.
 */
final class H2DatabaseOutlivesWorkers implements BeanPostProcessor {

	private static final Logger logger = LoggerFactory.getLogger(H2DatabaseOutlivesWorkers.class);

	@Override
	public Object postProcessBeforeInitialization(Object bean, String beanName) {
		if (bean instanceof HikariDataSource hikari && hikari.getJdbcUrl() != null
				&& hikari.getJdbcUrl().startsWith("jdbc:h2:")) {
			hikari.setJdbcUrl(withoutShutdownHook(hikari.getJdbcUrl()));
		}
		return bean;
	}

	static String withoutShutdownHook(String url) {
		String upper = url.toUpperCase(java.util.Locale.ROOT);
		if (upper.contains(";DB_CLOSE_ON_EXIT=")) {
			if (!upper.contains(";DB_CLOSE_ON_EXIT=FALSE")) {
				logger.warn("spring.datasource.url sets DB_CLOSE_ON_EXIT: H2 then closes the database as soon as the "
						+ "JVM exits, before the workers have recorded their last jobs, which stay RUNNING until the "
						+ "next start");
			}
			return url;
		}
		return url + ";DB_CLOSE_ON_EXIT=FALSE";
	}

}
