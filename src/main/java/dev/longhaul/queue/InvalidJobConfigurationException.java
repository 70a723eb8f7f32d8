package dev.longhaul.queue;

import dev.longhaul.worker.InvalidWorkerConfigurationException;

/**
 * The job types cannot run as registered or configured (two handlers for one type, a
 * handler without a payload type, a setting that does not fit); thrown at start-up, so
 * the application does not start with them.
 */
public class InvalidJobConfigurationException extends InvalidWorkerConfigurationException {

	public InvalidJobConfigurationException(String description, String action) {
		super(description, action);
	}

}
