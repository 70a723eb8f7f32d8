package dev.longhaul.worker;

/**
 * Thrown when a control action does not fit the worker's state, such as resuming a worker
 * that is not paused.
 */
public class IllegalWorkerStateException extends IllegalStateException {

	private final String worker;

	private final WorkerState state;

	private final String action;

	public IllegalWorkerStateException(String worker, WorkerState state, String action) {
		super("Cannot " + action + " worker '" + worker + "': it is " + state + expectation(action));
		this.worker = worker;
		this.state = state;
		this.action = action;
	}

	private static String expectation(String action) {
		return switch (action) {
			case "resume" -> " (only a PAUSED worker can be resumed)";
			default -> " (only a RUNNING worker can be " + (action.equals("pause") ? "paused" : "triggered") + ")";
		};
	}

	public String worker() {
		return this.worker;
	}

	public WorkerState state() {
		return this.state;
	}

	public String action() {
		return this.action;
	}

}
