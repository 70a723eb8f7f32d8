package dev.longhaul.worker;

import java.util.concurrent.CancellationException;

/**
 * Thrown by {@link StopToken#throwIfStopRequested()}; a worker that is stopping does not
 * count it as a failure.
 */
public class WorkerStoppingException extends CancellationException {

	public WorkerStoppingException() {
		super("Worker is stopping");
	}

}
