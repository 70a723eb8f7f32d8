package dev.longhaul.processing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

import org.springframework.util.unit.DataSize;

/**
 * Where uploads are kept: streamed to a file in {@code longhaul.processing.storage-dir},
 * never held in memory whole.
 */
final class DatasetFiles {

	private static final int BUFFER = 64 * 1024;

	private final Path directory;

	private final DataSize limit;

	DatasetFiles(Path directory, DataSize limit) {
		this.directory = directory;
		this.limit = limit;
	}

	/**
	 * Copies an upload to a new file.
	 * @param body the upload
	 * @return the file and its size
	 * @throws UploadTooLargeException if the upload is over the limit; nothing is kept
	 */
	Stored store(InputStream body) {
		Path file;
		try {
			Files.createDirectories(this.directory);
			file = this.directory.resolve("dataset-" + UUID.randomUUID() + ".csv");
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot create the dataset directory " + this.directory, ex);
		}
		long size = 0;
		byte[] buffer = new byte[BUFFER];
		try (InputStream in = body; OutputStream out = Files.newOutputStream(file)) {
			int read;
			while ((read = in.read(buffer)) != -1) {
				size += read;
				if (size > this.limit.toBytes()) {
					throw tooLarge(null);
				}
				out.write(buffer, 0, read);
			}
		}
		catch (IOException | RuntimeException ex) {
			delete(file);
			if (ex instanceof IOException io) {
				throw new UncheckedIOException("Cannot store the upload", io);
			}
			throw (RuntimeException) ex;
		}
		return new Stored(file, size);
	}

	UploadTooLargeException tooLarge(@Nullable Long declared) {
		return new UploadTooLargeException("The upload is larger than the limit of " + this.limit.toMegabytes() + " MB"
				+ ((declared != null) ? " (" + declared + " bytes declared)" : "")
				+ " (longhaul.processing.max-upload-size)");
	}

	long limitBytes() {
		return this.limit.toBytes();
	}

	/**
	 * Deletes a stored file.
	 * @param file the file
	 * @return {@code false} if it exists and could not be deleted
	 */
	boolean delete(Path file) {
		try {
			Files.deleteIfExists(file);
			return true;
		}
		catch (IOException ex) {
			return false;
		}
	}

	/**
	 * A stored upload.
	 *
	 * @param file the file
	 * @param size its size in bytes
	 */
	record Stored(Path file, long size) {
	}

}
