package dev.longhaul.processing;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * Runs the profiler over bytes in memory, in one go or in chunks with a JSON round trip
 * of the checkpoint in between, as the worker will.
 */
final class Profiling {

	private Profiling() {
	}

	static DatasetReport report(String csv) {
		return report(new CsvProfiler(), csv.getBytes(StandardCharsets.UTF_8));
	}

	static DatasetReport report(CsvProfiler profiler, byte[] data) {
		return profiler.report(oneGo(profiler, data));
	}

	static Checkpoint oneGo(CsvProfiler profiler, byte[] data) {
		try {
			Checkpoint done = profiler.profile(new ByteArrayInputStream(data), Checkpoint.start(), Integer.MAX_VALUE);
			if (!done.finished()) {
				throw new IllegalStateException("Not finished in one go");
			}
			return done;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	static Checkpoint chunked(CsvProfiler profiler, byte[] data, int rowsPerChunk) {
		Checkpoint checkpoint = Checkpoint.start();
		int chunks = 0;
		try {
			while (!checkpoint.finished()) {
				int offset = Math.toIntExact(checkpoint.offset());
				ByteArrayInputStream rest = new ByteArrayInputStream(data, offset, data.length - offset);
				checkpoint = Checkpoint.fromJson(profiler.profile(rest, checkpoint, rowsPerChunk).toJson());
				if (++chunks > data.length + 2) {
					throw new IllegalStateException("No progress at offset " + offset);
				}
			}
			return checkpoint;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	static ColumnReport column(DatasetReport report, String name) {
		return report.columns()
			.stream()
			.filter((column) -> column.name().equals(name))
			.findFirst()
			.orElseThrow(() -> new AssertionError("No column " + name + " in " + report));
	}

}
