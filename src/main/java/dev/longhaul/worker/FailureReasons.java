package dev.longhaul.worker;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;

/**
 * What a failure shows in the API, health details and a job's last error: the message of
 * one of Longhaul's own exceptions (written to be shown), else a category and the
 * exception's simple class name, such as {@code database unavailable
 * (CannotGetJdbcConnectionException)}. The message of a foreign exception never shows: it
 * may hold SQL, file paths, host names or data. The full exception goes to the log, where
 * the worker or job that met it logs it.
 */
public final class FailureReasons {

	private static final int MAX_CAUSES = 20;

	private FailureReasons() {
	}

	/**
	 * The reason to show for a failure.
	 * @param failure what was thrown
	 * @return the message of one of Longhaul's own exceptions, else
	 * {@code <category> (<SimpleClassName>)}
	 */
	public static String of(Throwable failure) {
		return isOwn(failure) ? failure.getMessage() : category(failure) + " (" + simpleName(failure) + ")";
	}

	/**
	 * Whether a failure is one of Longhaul's own exceptions with a message, written to be
	 * shown.
	 * @param failure what was thrown
	 * @return whether its message may be shown
	 */
	public static boolean isOwn(Throwable failure) {
		return failure.getClass().getName().startsWith("dev.longhaul.") && failure.getMessage() != null;
	}

	/**
	 * The exception's class name without its package.
	 * @param failure what was thrown
	 * @return such as {@code IllegalStateException}
	 */
	public static String simpleName(Throwable failure) {
		String name = failure.getClass().getName();
		return name.substring(name.lastIndexOf('.') + 1);
	}

	/**
	 * What kind of failure this is, from the exception and its causes: {@code database
	 * unavailable}, {@code database error}, {@code SMTP connection failed}, {@code SMTP
	 * error}, {@code timed out}, {@code file not found}, {@code file access denied},
	 * {@code I/O error}, {@code JSON error}, {@code out of memory}, {@code fatal error},
	 * {@code interrupted} or {@code unexpected error}.
	 * @param failure what was thrown
	 * @return the category
	 */
	public static String category(Throwable failure) {
		List<Throwable> chain = chain(failure);
		if (any(chain, "java.sql.SQLTransientConnectionException", "java.sql.SQLNonTransientConnectionException",
				"org.springframework.dao.DataAccessResourceFailureException",
				"org.springframework.transaction.CannotCreateTransactionException")
				|| chain.stream().anyMatch(FailureReasons::isConnectionSqlState)) {
			return "database unavailable";
		}
		if (any(chain, "java.sql.SQLException", "org.springframework.dao.DataAccessException",
				"org.springframework.transaction.TransactionException")) {
			return "database error";
		}
		boolean mail = any(chain, "jakarta.mail.MessagingException", "org.springframework.mail.MailException");
		if (mail && any(chain, "org.eclipse.angus.mail.util.MailConnectException", "java.net.ConnectException",
				"java.net.UnknownHostException")) {
			return "SMTP connection failed";
		}
		if (mail) {
			return "SMTP error";
		}
		if (any(chain, "java.net.SocketTimeoutException", "java.util.concurrent.TimeoutException")) {
			return "timed out";
		}
		if (any(chain, "java.nio.file.NoSuchFileException", "java.io.FileNotFoundException")) {
			return "file not found";
		}
		if (any(chain, "java.nio.file.AccessDeniedException")) {
			return "file access denied";
		}
		if (any(chain, "java.io.IOException", "java.io.UncheckedIOException")) {
			return "I/O error";
		}
		if (any(chain, "tools.jackson.core.JacksonException", "com.fasterxml.jackson.core.JacksonException")) {
			return "JSON error";
		}
		if (any(chain, "java.lang.OutOfMemoryError")) {
			return "out of memory";
		}
		if (failure instanceof Error) {
			return "fatal error";
		}
		if (any(chain, "java.lang.InterruptedException")) {
			return "interrupted";
		}
		return "unexpected error";
	}

	private static List<Throwable> chain(Throwable failure) {
		List<Throwable> chain = new ArrayList<>();
		Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
		for (Throwable cause = failure; cause != null && chain.size() < MAX_CAUSES
				&& seen.add(cause); cause = cause.getCause()) {
			chain.add(cause);
		}
		return chain;
	}

	/**
	 * SQLState class 08: connection exception (SQL standard; PostgreSQL and H2 use it).
	 */
	private static boolean isConnectionSqlState(Throwable cause) {
		return cause instanceof SQLException sql && sql.getSQLState() != null && sql.getSQLState().startsWith("08");
	}

	/**
	 * Whether a cause is of one of the named classes or a subclass, without loading them.
	 */
	private static boolean any(List<Throwable> chain, String... classNames) {
		for (Throwable cause : chain) {
			for (Class<?> type = cause.getClass(); type != null; type = type.getSuperclass()) {
				for (String name : classNames) {
					if (type.getName().equals(name)) {
						return true;
					}
				}
			}
		}
		return false;
	}

}
