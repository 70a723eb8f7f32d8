package dev.longhaul.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.flywaydb.core.Flyway;

/**
 * Databases for tests: a fresh in-memory H2, or a fresh database on PostgreSQL.
 * PostgreSQL is the one named by {@code LONGHAUL_TEST_POSTGRES_URL} (with
 * {@code LONGHAUL_TEST_POSTGRES_USER} and {@code LONGHAUL_TEST_POSTGRES_PASSWORD}), or
 * else one embedded PostgreSQL server shared by every test in the JVM.
 */
public final class TestDatabases {

	private static final String EXTERNAL_URL = System.getenv("LONGHAUL_TEST_POSTGRES_URL");

	private static EmbeddedPostgres embedded;

	private TestDatabases() {
	}

	/**
	 * A new, empty, migrated H2 database in memory.
	 * @return its data source
	 */
	public static HikariDataSource h2() {
		return migrated(pool(
				"jdbc:h2:mem:test-" + UUID.randomUUID()
						+ ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1",
				"sa", ""));
	}

	/**
	 * A new, empty, migrated database on the test PostgreSQL server.
	 * @return its data source
	 */
	public static HikariDataSource postgres() {
		return migrated(pool(newPostgresDatabase(), user(), password()));
	}

	/**
	 * The JDBC URL of a new, empty (not migrated) database on the test PostgreSQL server.
	 * @return the URL
	 */
	public static synchronized String newPostgresDatabase() {
		String name = "longhaul_" + UUID.randomUUID().toString().replace("-", "");
		try (Connection connection = adminDataSource().getConnection();
				Statement statement = connection.createStatement()) {
			statement.execute("CREATE DATABASE " + name);
		}
		catch (SQLException ex) {
			throw new IllegalStateException("Cannot create a test database on PostgreSQL", ex);
		}
		if (EXTERNAL_URL != null) {
			return EXTERNAL_URL.replaceFirst("/[^/?]*(\\?|$)", "/" + name + "$1");
		}
		return embedded().getJdbcUrl("postgres", name);
	}

	public static String user() {
		return (EXTERNAL_URL != null) ? env("LONGHAUL_TEST_POSTGRES_USER", "postgres") : "postgres";
	}

	public static String password() {
		return (EXTERNAL_URL != null) ? env("LONGHAUL_TEST_POSTGRES_PASSWORD", "") : "";
	}

	private static DataSource adminDataSource() {
		if (EXTERNAL_URL != null) {
			HikariDataSource dataSource = new HikariDataSource();
			dataSource.setJdbcUrl(EXTERNAL_URL);
			dataSource.setUsername(user());
			dataSource.setPassword(password());
			dataSource.setMaximumPoolSize(1);
			return dataSource;
		}
		return embedded().getPostgresDatabase();
	}

	private static synchronized EmbeddedPostgres embedded() {
		if (embedded == null) {
			try {
				embedded = EmbeddedPostgres.builder().start();
			}
			catch (IOException ex) {
				throw new UncheckedIOException("Cannot start the embedded PostgreSQL", ex);
			}
			Runtime.getRuntime().addShutdownHook(new Thread(() -> {
				try {
					embedded.close();
				}
				catch (IOException ex) {
					// the JVM is going away
				}
			}));
		}
		return embedded;
	}

	/**
	 * A small connection pool.
	 * @param url the JDBC URL
	 * @param user the user
	 * @param password the password
	 * @return the pool
	 */
	public static HikariDataSource pool(String url, String user, String password) {
		HikariDataSource dataSource = new HikariDataSource();
		dataSource.setJdbcUrl(url);
		dataSource.setUsername(user);
		dataSource.setPassword(password);
		dataSource.setMaximumPoolSize(10);
		return dataSource;
	}

	private static HikariDataSource migrated(HikariDataSource dataSource) {
		Flyway.configure().dataSource(dataSource).load().migrate();
		return dataSource;
	}

	private static String env(String name, String fallback) {
		String value = System.getenv(name);
		return (value != null) ? value : fallback;
	}

}
