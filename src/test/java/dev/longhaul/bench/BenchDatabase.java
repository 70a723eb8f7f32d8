package dev.longhaul.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Comparator;
import java.util.Properties;
import java.util.stream.Stream;

import com.zaxxer.hikari.HikariDataSource;
import org.flywaydb.core.Flyway;
import org.jspecify.annotations.Nullable;

import org.springframework.jdbc.core.simple.JdbcClient;

import dev.longhaul.queue.QueueProperties;
import dev.longhaul.support.TestDatabases;

/**
 * A fresh, migrated database for one measurement, and a {@link BenchQueue} on it: an H2
 * file with or without {@code WRITE_DELAY=0} or with the application's own URL options,
 * or a new database on the embedded (or external) test PostgreSQL with
 * {@code synchronous_commit} set on purpose. Closing it shuts H2 down and deletes the
 * files it made in a directory of its own.
 */
final class BenchDatabase implements AutoCloseable {

	/**
	 * The URL options of scenario 5's H2 files, which sets {@code WRITE_DELAY} itself:
	 * the application's own, but for {@code WRITE_DELAY} and {@code DB_CLOSE_ON_EXIT}.
	 */
	static final String H2_OPTIONS = ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH";

	private static final QueueProperties QUEUE_DEFAULTS = QueueProperties.defaults();

	private final HikariDataSource dataSource;

	private final boolean h2;

	private final @Nullable Path directory;

	private BenchDatabase(HikariDataSource dataSource, boolean h2, @Nullable Path directory) {
		this.dataSource = dataSource;
		this.h2 = h2;
		this.directory = directory;
	}

	/**
	 * An H2 database in a new temporary directory.
	 * @param writeDelayZero {@code WRITE_DELAY=0} (the application's default, durable
	 * against kill -9) or H2's default write delay of 500 ms
	 */
	static BenchDatabase h2File(boolean writeDelayZero) {
		Path directory = temporaryDirectory();
		String url = h2FileUrl(directory, writeDelayZero);
		return new BenchDatabase(migrated(pool(url, "sa", "")), true, directory);
	}

	/**
	 * The URL of an H2 file database in the given directory with exactly the options of
	 * the URL the application ships ({@code spring.datasource.url} in
	 * {@code application.properties}).
	 * @param directory where the file goes
	 * @return the URL
	 */
	static String h2ShippedUrl(Path directory) {
		return "jdbc:h2:file:" + directory.resolve("longhaul").toAbsolutePath() + shippedH2Options();
	}

	/**
	 * The options of the H2 URL in the application's {@code application.properties}.
	 * @return such as {@code ;MODE=PostgreSQL;...;WRITE_DELAY=0;DB_CLOSE_ON_EXIT=FALSE}
	 */
	static String shippedH2Options() {
		Properties properties = new Properties();
		try (InputStream in = BenchDatabase.class.getResourceAsStream("/application.properties")) {
			if (in == null) {
				throw new IllegalStateException("application.properties is not on the class path");
			}
			properties.load(in);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		String url = properties.getProperty("spring.datasource.url", "");
		if (!url.startsWith("jdbc:h2:") || url.indexOf(';') < 0) {
			throw new IllegalStateException("application.properties ships no H2 URL with options: " + url);
		}
		return url.substring(url.indexOf(';'));
	}

	/**
	 * A migrated H2 file database in the given directory, with the shipped URL options.
	 * @param directory where the file goes, left in place on {@link #close()}
	 * @return the database
	 */
	static BenchDatabase h2Shipped(Path directory) {
		return new BenchDatabase(migrated(pool(h2ShippedUrl(directory), "sa", "")), true, null);
	}

	static String h2FileUrl(Path directory, boolean writeDelayZero) {
		return "jdbc:h2:file:" + directory.resolve("longhaul").toAbsolutePath() + H2_OPTIONS
				+ (writeDelayZero ? ";WRITE_DELAY=0" : "");
	}

	/**
	 * A new database on the benchmark's PostgreSQL server.
	 * @param fsync whether the embedded server flushes to disk (see
	 * {@link BenchPostgres})
	 * @param synchronousCommit whether a commit waits for its WAL flush (PostgreSQL's
	 * default; the embedded test server turns it off)
	 */
	static BenchDatabase postgres(boolean fsync, boolean synchronousCommit) {
		String url = newPostgresDatabase(fsync, synchronousCommit);
		return new BenchDatabase(migrated(pool(url, BenchPostgres.user(), BenchPostgres.password())), false, null);
	}

	/**
	 * The URL of a new, empty database on the benchmark's PostgreSQL server whose
	 * sessions use the given {@code synchronous_commit}.
	 */
	static String newPostgresDatabase(boolean fsync, boolean synchronousCommit) {
		String url = BenchPostgres.newDatabase(fsync);
		try (Connection connection = DriverManager.getConnection(url, BenchPostgres.user(), BenchPostgres.password());
				Statement statement = connection.createStatement()) {
			String name;
			try (ResultSet result = statement.executeQuery("SELECT current_database()")) {
				result.next();
				name = result.getString(1);
			}
			statement.execute(
					"ALTER DATABASE \"" + name + "\" SET synchronous_commit TO " + (synchronousCommit ? "on" : "off"));
		}
		catch (SQLException ex) {
			throw new IllegalStateException("Cannot prepare a benchmark database on PostgreSQL", ex);
		}
		return url;
	}

	static Path temporaryDirectory() {
		try {
			return Files.createTempDirectory("longhaul-bench-");
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	static void deleteRecursively(Path directory) {
		try (Stream<Path> paths = Files.walk(directory)) {
			paths.sorted(Comparator.reverseOrder()).forEach((path) -> path.toFile().delete());
		}
		catch (IOException ex) {
			// a temporary directory; the OS cleans up what is left
		}
	}

	HikariDataSource dataSource() {
		return this.dataSource;
	}

	JdbcClient jdbc() {
		return JdbcClient.create(this.dataSource);
	}

	/**
	 * A job queue on this database, as the application wires it.
	 * @param signals where enqueues signal new work
	 * @return the queue
	 */
	BenchQueue queue() {
		return new BenchQueue(this.dataSource, QUEUE_DEFAULTS);
	}

	/**
	 * The database's name and version, as its driver reports them.
	 * @return such as {@code PostgreSQL 14.22}
	 */
	String productVersion() {
		try (Connection connection = this.dataSource.getConnection()) {
			return connection.getMetaData().getDatabaseProductName() + " "
					+ connection.getMetaData().getDatabaseProductVersion();
		}
		catch (SQLException ex) {
			return "unknown version";
		}
	}

	/**
	 * The setting that decides whether a commit is durable, as the database reports it.
	 * @return such as {@code WRITE_DELAY=0} or {@code synchronous_commit=on}
	 */
	String durabilitySetting() {
		if (this.h2) {
			String delay = jdbc()
				.sql("SELECT SETTING_VALUE FROM INFORMATION_SCHEMA.SETTINGS WHERE SETTING_NAME = 'WRITE_DELAY'")
				.query(String.class)
				.optional()
				.orElse("?");
			return "WRITE_DELAY=" + delay;
		}
		return "synchronous_commit=" + jdbc().sql("SHOW synchronous_commit").query(String.class).single() + ", fsync="
				+ jdbc().sql("SHOW fsync").query(String.class).single();
	}

	@Override
	public void close() {
		if (this.h2) {
			try (Connection connection = this.dataSource.getConnection();
					Statement statement = connection.createStatement()) {
				statement.execute("SHUTDOWN");
			}
			catch (SQLException ex) {
				// shutting down anyway
			}
		}
		this.dataSource.close();
		if (this.directory != null) {
			deleteRecursively(this.directory);
		}
	}

	private static HikariDataSource pool(String url, String user, String password) {
		return TestDatabases.pool(url, user, password);
	}

	private static HikariDataSource migrated(HikariDataSource dataSource) {
		Flyway.configure().dataSource(dataSource).load().migrate();
		return dataSource;
	}

}
