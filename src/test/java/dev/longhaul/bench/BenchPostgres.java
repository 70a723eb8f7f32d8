package dev.longhaul.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.jspecify.annotations.Nullable;

import dev.longhaul.support.TestDatabases;

/**
 * The PostgreSQL server the benchmark creates its databases on: the external one named by
 * {@code LONGHAUL_TEST_POSTGRES_URL} (through {@link TestDatabases}), or else an embedded
 * server of its own. Unlike the tests' embedded server, which runs with {@code fsync}
 * off, this one flushes its WAL as a production server does, unless asked not to.
 */
final class BenchPostgres {

	private static final boolean EXTERNAL = System.getenv("LONGHAUL_TEST_POSTGRES_URL") != null;

	private static @Nullable EmbeddedPostgres embedded;

	private BenchPostgres() {
	}

	/**
	 * The URL of a new, empty database.
	 * @param fsync whether an embedded server flushes to disk (ignored for an external
	 * server, and fixed by the first call)
	 * @return the URL, for {@link #user()} and {@link #password()}
	 */
	static synchronized String newDatabase(boolean fsync) {
		if (EXTERNAL) {
			return TestDatabases.newPostgresDatabase();
		}
		EmbeddedPostgres server = embedded(fsync);
		String name = "longhaul_bench_" + UUID.randomUUID().toString().replace("-", "");
		try (Connection connection = server.getPostgresDatabase().getConnection();
				Statement statement = connection.createStatement()) {
			statement.execute("CREATE DATABASE " + name);
		}
		catch (SQLException ex) {
			throw new IllegalStateException("Cannot create a benchmark database on PostgreSQL", ex);
		}
		return server.getJdbcUrl("postgres", name);
	}

	static String user() {
		return TestDatabases.user();
	}

	static String password() {
		return TestDatabases.password();
	}

	private static EmbeddedPostgres embedded(boolean fsync) {
		if (embedded == null) {
			try {
				// zonky starts postgres with -F (fsync off) and synchronous_commit=off; a
				// later -c fsync=on wins over -F.
				embedded = EmbeddedPostgres.builder()
					.setServerConfig("fsync", fsync ? "on" : "off")
					.setServerConfig("synchronous_commit", "on")
					.start();
			}
			catch (IOException ex) {
				throw new UncheckedIOException("Cannot start the embedded PostgreSQL", ex);
			}
			EmbeddedPostgres server = embedded;
			Runtime.getRuntime().addShutdownHook(new Thread(() -> {
				try {
					server.close();
				}
				catch (IOException ex) {
					// the JVM is going away
				}
			}));
		}
		return embedded;
	}

}
