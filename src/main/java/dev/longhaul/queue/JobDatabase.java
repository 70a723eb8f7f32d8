package dev.longhaul.queue;

import javax.sql.DataSource;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.JdbcUtils;
import org.springframework.jdbc.support.MetaDataAccessException;

/**
 * The databases the job queue runs on, where their SQL differs.
 */
public enum JobDatabase {

	/**
	 * H2 in PostgreSQL mode, embedded in one JVM: its file lock keeps other processes
	 * out, so every instance that can hold its jobs lives in this JVM.
	 */
	H2,

	/** PostgreSQL 15 or newer, shared by any number of instances. */
	POSTGRESQL;

	/**
	 * Tells which database a data source leads to, and checks that H2 runs in PostgreSQL
	 * mode.
	 * @param dataSource the data source
	 * @param jdbc a client on it
	 * @return the database
	 * @throws IllegalStateException if it is H2 in another mode, or cannot be read
	 */
	public static JobDatabase of(DataSource dataSource, JdbcClient jdbc) {
		String product;
		try {
			product = JdbcUtils.extractDatabaseMetaData(dataSource, (metaData) -> metaData.getDatabaseProductName());
		}
		catch (MetaDataAccessException ex) {
			throw new IllegalStateException("Cannot tell which database the job queue runs on", ex);
		}
		if (!"H2".equals(product)) {
			return POSTGRESQL;
		}
		String mode = jdbc.sql("SELECT SETTING_VALUE FROM INFORMATION_SCHEMA.SETTINGS WHERE SETTING_NAME = 'MODE'")
			.query(String.class)
			.optional()
			.orElse("");
		if (!"PostgreSQL".equalsIgnoreCase(mode)) {
			throw new IllegalStateException("The job queue needs H2 in PostgreSQL mode, but the database runs in "
					+ "mode '" + mode + "': add ;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH "
					+ "to spring.datasource.url");
		}
		return H2;
	}

}
