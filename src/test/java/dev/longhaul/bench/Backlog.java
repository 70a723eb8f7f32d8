package dev.longhaul.bench;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;

import javax.sql.DataSource;

import dev.longhaul.config.SqlTime;
import dev.longhaul.queue.QueueProperties;

/**
 * Builds a backlog of due jobs with plain JDBC batches, 1000 rows per transaction: the
 * rows {@code JobClient.enqueue} writes (READY, due now, priority 0, no attempts yet,
 * payload {@code {}}), only faster, because the backlog is not what is measured. No
 * executor is woken: the benchmark resumes or wakes the worker when its clock starts.
 */
final class Backlog {

	static final int CHUNK = 1000;

	private static final String INSERT = "INSERT INTO jobs (queue, type, payload, status, priority, run_at, attempts, "
			+ "max_attempts, created_at, updated_at) VALUES (?, ?, '{}', 'READY', 0, ?, 0, ?, ?, ?)";

	private static final int MAX_ATTEMPTS = QueueProperties.defaults().maxAttempts();

	private Backlog() {
	}

	/**
	 * Inserts due jobs of a type into the queue named as the type.
	 * @param dataSource the database
	 * @param type the job type and queue
	 * @param count how many
	 */
	static void insert(DataSource dataSource, String type, int count) {
		try (Connection connection = dataSource.getConnection()) {
			insert(connection, type, count);
		}
		catch (SQLException ex) {
			throw new IllegalStateException("Cannot build a backlog of " + count + " jobs", ex);
		}
	}

	/**
	 * Inserts due jobs of a type into the queue named as the type.
	 * @param connection a connection, in auto-commit mode, left so
	 * @param type the job type and queue
	 * @param count how many
	 * @throws SQLException if the database fails
	 */
	static void insert(Connection connection, String type, int count) throws SQLException {
		OffsetDateTime now = SqlTime.at(Instant.now());
		connection.setAutoCommit(false);
		try (PreparedStatement insert = connection.prepareStatement(INSERT)) {
			for (int i = 0; i < count; i++) {
				insert.setString(1, type);
				insert.setString(2, type);
				insert.setObject(3, now);
				insert.setInt(4, MAX_ATTEMPTS);
				insert.setObject(5, now);
				insert.setObject(6, now);
				insert.addBatch();
				if ((i + 1) % CHUNK == 0 || i == count - 1) {
					insert.executeBatch();
					connection.commit();
				}
			}
		}
		catch (SQLException | RuntimeException ex) {
			connection.rollback();
			throw ex;
		}
		finally {
			connection.setAutoCommit(true);
		}
	}

}
