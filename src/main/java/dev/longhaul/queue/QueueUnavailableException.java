package dev.longhaul.queue;

/**
 * A dependency every job of a queue needs is down (a handler said so with
 * {@link JobOutcome#unavailable}): the queue's worker fails its round with it, so that it
 * backs off and its health says why.
 */
class QueueUnavailableException extends RuntimeException {

	QueueUnavailableException(String message) {
		super(message, null, false, false);
	}

}
