package dev.longhaul.worker;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;

import jakarta.mail.MessagingException;
import org.eclipse.angus.mail.util.MailConnectException;
import org.eclipse.angus.mail.util.SocketConnectException;
import org.junit.jupiter.api.Test;

import org.springframework.jdbc.BadSqlGrammarException;
import org.springframework.jdbc.CannotGetJdbcConnectionException;
import org.springframework.mail.MailSendException;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Failures show their category and class, never a foreign exception's message (SQL,
 * paths, hosts); Longhaul's own exceptions show their message.
 */
class FailureReasonsTest {

	@Test
	void databaseFailuresShowNeitherSqlNorConnectionDetails() {
		BadSqlGrammarException grammar = new BadSqlGrammarException("claim", "SELECT secret FROM jobs",
				new SQLException("Column \"secret\" not found", "42S22"));
		CannotGetJdbcConnectionException noConnection = new CannotGetJdbcConnectionException(
				"Failed to obtain JDBC Connection", new SQLException("Connection refused: db.internal:5432", "08001"));

		assertThat(FailureReasons.of(grammar)).isEqualTo("database error (BadSqlGrammarException)");
		assertThat(FailureReasons.of(noConnection))
			.isEqualTo("database unavailable (CannotGetJdbcConnectionException)");
		assertThat(FailureReasons.of(new SQLNonTransientConnectionException("Database is already closed")))
			.isEqualTo("database unavailable (SQLNonTransientConnectionException)");
		assertThat(FailureReasons.of(new SQLException("broken pipe to db.internal", "08006")))
			.isEqualTo("database unavailable (SQLException)");
	}

	@Test
	void fileFailuresShowNoPath() {
		assertThat(FailureReasons.of(new UncheckedIOException(new NoSuchFileException("/data/datasets/7.csv"))))
			.isEqualTo("file not found (UncheckedIOException)");
		assertThat(FailureReasons.of(new AccessDeniedException("/data/datasets/7.csv")))
			.isEqualTo("file access denied (AccessDeniedException)");
		assertThat(FailureReasons.of(new IOException("/data/datasets/7.csv (Is a directory)")))
			.isEqualTo("I/O error (IOException)");
	}

	@Test
	void smtpFailuresSayWhetherTheConnectionFailed() {
		MailConnectException refused = new MailConnectException(new SocketConnectException("refused",
				new ConnectException("Connection refused"), "smtp.internal", 25, 0));

		assertThat(FailureReasons.of(new MailSendException("send failed", refused)))
			.isEqualTo("SMTP connection failed (MailSendException)");
		assertThat(FailureReasons.of(new MessagingException("Exception reading response")))
			.isEqualTo("SMTP error (MessagingException)");
	}

	@Test
	void longhaulsOwnExceptionsShowTheirMessageAndOthersAreUnexpected() {
		assertThat(FailureReasons.of(new IllegalWorkerStateException("email-sender", WorkerState.FAILED, "resume")))
			.contains("email-sender");
		assertThat(FailureReasons.of(new IllegalStateException("password=hunter2")))
			.isEqualTo("unexpected error (IllegalStateException)");
		assertThat(FailureReasons.of(new OutOfMemoryError("Java heap space")))
			.isEqualTo("out of memory (OutOfMemoryError)");
		assertThat(FailureReasons.of(new RuntimeException() {
		})).isEqualTo("unexpected error (FailureReasonsTest$1)");
	}

}
