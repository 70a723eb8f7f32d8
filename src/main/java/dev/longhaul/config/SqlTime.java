package dev.longhaul.config;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

import org.jspecify.annotations.Nullable;

/**
 * Instants to and from {@code TIMESTAMP WITH TIME ZONE} columns, the same way on H2 and
 * PostgreSQL (JDBC's {@link OffsetDateTime}, always in UTC).
 */
public final class SqlTime {

	private SqlTime() {
	}

	/**
	 * A JDBC parameter for an instant.
	 * @param instant the instant
	 * @return the instant in UTC
	 */
	public static OffsetDateTime at(Instant instant) {
		return instant.atOffset(ZoneOffset.UTC);
	}

	/**
	 * Reads an instant.
	 * @param rs the result set
	 * @param column the column's label
	 * @return the instant, or {@code null} for SQL NULL
	 * @throws SQLException if the column cannot be read
	 */
	public static @Nullable Instant instant(ResultSet rs, String column) throws SQLException {
		OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
		return (value != null) ? value.toInstant() : null;
	}

	/**
	 * Reads an instant.
	 * @param rs the result set
	 * @param column the column's index, from 1
	 * @return the instant, or {@code null} for SQL NULL
	 * @throws SQLException if the column cannot be read
	 */
	public static @Nullable Instant instant(ResultSet rs, int column) throws SQLException {
		OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
		return (value != null) ? value.toInstant() : null;
	}

}
