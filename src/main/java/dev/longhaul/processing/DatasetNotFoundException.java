package dev.longhaul.processing;

/**
 * No dataset has the id asked for (never uploaded, or deleted).
 */
final class DatasetNotFoundException extends RuntimeException {

	DatasetNotFoundException(long id) {
		super("No dataset has id " + id + ".");
	}

}
