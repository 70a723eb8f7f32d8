package dev.longhaul.queue;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.SqlTypeValue;
import org.springframework.jdbc.core.StatementCreatorUtils;
import org.springframework.jdbc.core.simple.JdbcClient;

import dev.longhaul.config.InstanceId;
import dev.longhaul.queue.Job.Lease;

import static dev.longhaul.config.SqlTime.at;

/**
 * The writes of a lease holder: acknowledgements (one transaction per group, each row
 * fenced by its own lease token, so that a stale row changes nothing and fails nothing),
 * progress, lease extensions.
 * <p>
 * Thread-safe.
 */
final class JobLeases {

	/** The most ids in one {@code IN} list. */
	private static final int IN_LIST = 500;

	private final JdbcTemplate jdbcTemplate;

	private final JdbcClient jdbc;

	private final Clock clock;

	private final InstanceId instance;

	private final QueueProperties properties;

	private final JobDatabase database;

	JobLeases(JdbcTemplate jdbcTemplate, Clock clock, InstanceId instance, QueueProperties properties,
			JobDatabase database) {
		this.jdbcTemplate = jdbcTemplate;
		this.database = database;
		this.jdbc = JdbcClient.create(jdbcTemplate);
		this.clock = clock;
		this.instance = instance;
		this.properties = properties;
	}

	/**
	 * Writes acknowledgements in one transaction: one JDBC batch per statement shape.
	 * @param acknowledgements the acknowledgements, at most one per lease
	 * @return for each, in order, whether it applied ({@code false}: its lease was lost)
	 * @throws org.springframework.dao.DataAccessException if the transaction failed:
	 * nothing was written
	 */
	boolean[] write(List<Acknowledgement> acknowledgements) {
		Instant now = this.clock.instant();
		Map<Acknowledgement.Shape, List<Integer>> byShape = new LinkedHashMap<>();
		for (int i = 0; i < acknowledgements.size(); i++) {
			byShape.computeIfAbsent(acknowledgements.get(i).shape(), (shape) -> new ArrayList<>()).add(i);
		}
		// Rows in id order, as lease extensions lock them: no deadlock between the two.
		byShape.values()
			.forEach((indexes) -> indexes
				.sort(java.util.Comparator.comparingLong((index) -> acknowledgements.get(index).lease().jobId())));
		boolean[] applied = new boolean[acknowledgements.size()];
		// A transaction of its own, by hand: when the connection broke, Spring's
		// TransactionTemplate logs the failed rollback as an ERROR, once per retry of an
		// outage that the completer rides out.
		this.jdbcTemplate.execute((ConnectionCallback<Void>) (connection) -> {
			boolean autoCommit = connection.getAutoCommit();
			connection.setAutoCommit(false);
			try {
				for (Map.Entry<Acknowledgement.Shape, List<Integer>> shape : byShape.entrySet()) {
					if (this.database == JobDatabase.POSTGRESQL) {
						writeSet(connection, shape.getKey(), shape.getValue(), acknowledgements, now, applied);
					}
					else {
						writeBatch(connection, shape.getKey(), shape.getValue(), acknowledgements, now, applied);
					}
				}
				connection.commit();
			}
			catch (SQLException | RuntimeException ex) {
				rollbackQuietly(connection);
				throw ex;
			}
			catch (AssertionError ex) {
				// PgJDBC throws this from executeBatch on a connection that broke
				// meanwhile
				rollbackQuietly(connection);
				throw new SQLException("The connection broke while writing a batch", "08006", ex);
			}
			finally {
				restoreAutoCommit(connection, autoCommit);
			}
			return null;
		});
		return applied;
	}

	/**
	 * One statement for the rows of a shape, joined from arrays: PostgreSQL runs one plan
	 * for the group rather than one statement per row.
	 */
	private static void writeSet(Connection connection, Acknowledgement.Shape shape, List<Integer> indexes,
			List<Acknowledgement> acknowledgements, Instant now, boolean[] applied) throws SQLException {
		int rows = indexes.size();
		Long[] ids = new Long[rows];
		String[] tokens = new String[rows];
		Object[][] columns = new Object[shape.columns().size()][rows];
		for (int row = 0; row < rows; row++) {
			Acknowledgement acknowledgement = acknowledgements.get(indexes.get(row));
			ids[row] = acknowledgement.lease().jobId();
			tokens[row] = acknowledgement.lease().token();
			Object[] values = acknowledgement.values();
			for (int column = 0; column < values.length; column++) {
				columns[column][row] = (values[column] instanceof Instant instant) ? at(instant).toString()
						: values[column];
			}
		}
		try (PreparedStatement statement = connection.prepareStatement(shape.setSql())) {
			int parameter = 1;
			for (int i = 0; i < shape.nowParameters(); i++) {
				statement.setObject(parameter++, at(now));
			}
			statement.setArray(parameter++, connection.createArrayOf("bigint", ids));
			statement.setArray(parameter++, connection.createArrayOf("text", tokens));
			for (int column = 0; column < columns.length; column++) {
				statement.setArray(parameter++,
						connection.createArrayOf(shape.columns().get(column).type(), columns[column]));
			}
			Map<Long, Integer> byId = new java.util.HashMap<>();
			for (int row = 0; row < rows; row++) {
				byId.put(ids[row], indexes.get(row));
			}
			try (ResultSet changed = statement.executeQuery()) {
				while (changed.next()) {
					Integer index = byId.get(changed.getLong(1));
					if (index != null) {
						applied[index] = true;
					}
				}
			}
		}
	}

	/** A JDBC batch of one fenced statement per row (H2). */
	private static void writeBatch(Connection connection, Acknowledgement.Shape shape, List<Integer> indexes,
			List<Acknowledgement> acknowledgements, Instant now, boolean[] applied) throws SQLException {
		try (PreparedStatement batch = connection.prepareStatement(shape.rowSql())) {
			for (int index : indexes) {
				Object[] params = shape.rowParams(acknowledgements.get(index), now);
				for (int p = 0; p < params.length; p++) {
					Object value = (params[p] instanceof Instant instant) ? at(instant) : params[p];
					StatementCreatorUtils.setParameterValue(batch, p + 1, SqlTypeValue.TYPE_UNKNOWN, value);
				}
				batch.addBatch();
			}
			int[] counts = batch.executeBatch();
			for (int i = 0; i < counts.length; i++) {
				applied[indexes.get(i)] = counts[i] == 1;
			}
		}
	}

	private static void rollbackQuietly(Connection connection) {
		try {
			connection.rollback();
		}
		catch (SQLException ex) {
			// the connection is broken: the pool evicts it, and nothing was committed
		}
	}

	private static void restoreAutoCommit(Connection connection, boolean autoCommit) {
		try {
			connection.setAutoCommit(autoCommit);
		}
		catch (SQLException ex) {
			// the connection is broken: the pool evicts it
		}
	}

	/**
	 * Marks a job succeeded in the current transaction (or alone, if there is none).
	 * @param lease its lease
	 * @param result what it produced, or {@code null}
	 * @param progress its final progress, as JSON, or {@code null} to keep the stored one
	 * @return {@code false} if the lease was lost
	 */
	boolean completeNow(Lease lease, @Nullable String result, @Nullable String progress) {
		Acknowledgement done = new Acknowledgement.Succeeded(lease, result);
		List<@Nullable Object> params = new ArrayList<>();
		for (Object param : done.shape().rowParams(done, this.clock.instant())) {
			params.add((param instanceof Instant instant) ? at(instant) : param);
		}
		String sql = done.shape().rowSql();
		if (progress != null) {
			params.add(0, progress);
			sql = sql.replaceFirst("SET ", "SET progress = ?, ");
		}
		return this.jdbc.sql(sql).params(params).update() == 1;
	}

	/**
	 * Stores a running job's progress and extends its lease, in one statement, unless
	 * someone asked to cancel it.
	 * @param lease its lease
	 * @param progress its progress, as JSON
	 * @return what happened
	 */
	Progress saveProgress(Lease lease, String progress) {
		Instant now = this.clock.instant();
		int saved = this.jdbc
			.sql("UPDATE jobs SET progress = ?, lease_until = ?, updated_at = ?" + JobSql.FENCE
					+ " AND cancel_requested = FALSE")
			.params(progress, at(now.plus(this.properties.leaseDuration())), at(now), lease.jobId(), lease.token())
			.update();
		if (saved == 1) {
			return Progress.SAVED;
		}
		boolean cancel = this.jdbc.sql("SELECT cancel_requested FROM jobs" + JobSql.FENCE)
			.params(lease.jobId(), lease.token())
			.query(Boolean.class)
			.optional()
			.orElse(false);
		return cancel ? Progress.CANCEL_REQUESTED : Progress.LEASE_LOST;
	}

	/**
	 * Extends the leases of running jobs of this instance by
	 * {@code longhaul.queue.lease-duration} from now: the heartbeat of jobs in flight. A
	 * job that left {@code RUNNING} has no owner, so it is not touched.
	 * @param ids the jobs
	 * @return how many were extended (fewer if some ended or were recovered meanwhile)
	 */
	int extend(Collection<Long> ids) {
		Instant now = this.clock.instant();
		// In id order, as the completer writes its groups: two writers that lock the same
		// rows in the same order cannot deadlock.
		List<Long> all = new ArrayList<>(ids);
		Collections.sort(all);
		int extended = 0;
		for (int from = 0; from < all.size(); from += IN_LIST) {
			List<Long> chunk = all.subList(from, Math.min(all.size(), from + IN_LIST));
			List<Object> params = new ArrayList<>(
					List.of(at(now.plus(this.properties.leaseDuration())), at(now), this.instance.value()));
			params.addAll(chunk);
			extended += this.jdbc
				.sql("UPDATE jobs SET lease_until = ?, updated_at = ? WHERE lease_owner = ? AND id IN ("
						+ JobSql.placeholders(chunk.size()) + ")")
				.params(params)
				.update();
		}
		return extended;
	}

	/**
	 * What became of a progress write.
	 */
	enum Progress {

		/** Stored, and the lease extended. */
		SAVED,

		/** Not stored: someone asked to cancel the job. */
		CANCEL_REQUESTED,

		/** Not stored: the lease was lost. */
		LEASE_LOST

	}

}
