package dev.longhaul.processing;

/**
 * What was asked of a dataset does not fit where its processing is: its report before it
 * succeeded, a cancel after it ended, a delete while it runs. Nothing changed.
 */
final class DatasetStatusException extends RuntimeException {

	DatasetStatusException(String message) {
		super(message);
	}

}
