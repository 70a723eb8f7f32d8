package dev.longhaul.worker;

/**
 * Thrown by a round to pause its own worker until an operator resumes it: for errors that
 * retrying cannot fix, such as rejected credentials. The failure is logged and counted,
 * and the worker's health is DOWN while it stays paused.
 */
public class PauseWorkerException extends RuntimeException {

	public PauseWorkerException(String reason, Throwable cause) {
		super(reason, cause);
	}

}
