package dev.longhaul.processing;

/**
 * An upload over {@code longhaul.processing.max-upload-size}, declared or found while it
 * was stored; nothing was kept.
 */
final class UploadTooLargeException extends RuntimeException {

	UploadTooLargeException(String message) {
		super(message);
	}

}
