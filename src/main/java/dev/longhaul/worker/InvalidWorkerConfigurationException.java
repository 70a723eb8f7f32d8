package dev.longhaul.worker;

/**
 * A worker's configuration cannot work; thrown at start-up, so the application does not
 * start with it.
 */
public class InvalidWorkerConfigurationException extends RuntimeException {

	private final String action;

	public InvalidWorkerConfigurationException(String description, String action) {
		super(description);
		this.action = action;
	}

	/**
	 * What the user should change.
	 * @return the advice
	 */
	public String action() {
		return this.action;
	}

}
