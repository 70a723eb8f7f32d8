package dev.longhaul.worker;

/**
 * Ends the application for a worker whose policy is {@link ErrorPolicy#STOP_APPLICATION}.
 */
@FunctionalInterface
public interface ApplicationTerminator {

	/**
	 * The exit code of a JVM ended by a worker failure (70, {@code EX_SOFTWARE} in
	 * sysexits.h).
	 */
	int EXIT_CODE = 70;

	/**
	 * Closes the application and exits the JVM with a non-zero code; returns at once and
	 * does the work on another thread, as the caller is a worker thread that the close
	 * waits for.
	 * @param reason why, for the log
	 */
	void terminate(String reason);

}
