package dev.longhaul.processing.profile;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

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

	/**
	 * A checkpoint as JSON of format 1 or 2, as the code before format 3 wrote it: each
	 * column's distinct values in a HyperLogLog of 4096 registers (made from the exact
	 * hashes, or from the registers of the finer sketch, which determine them).
	 * @param checkpoint a checkpoint of the current format
	 * @param format 1 or 2
	 * @return the JSON
	 */
	static String asOlderFormat(Checkpoint checkpoint, int format) {
		List<ColumnState> columns = checkpoint.columns()
			.stream()
			.map((column) -> column.withDistinct(legacyRegisters(column.distinct())))
			.toList();
		String json = new Checkpoint(format, checkpoint.offset(), checkpoint.line(), checkpoint.finished(),
				checkpoint.rows(), checkpoint.malformedRows(), checkpoint.errors(), checkpoint.header(), columns,
				checkpoint.topValuesRebuilt())
			.toJson();
		return (format == 1) ? json.replace(",\"topValuesRebuilt\":" + checkpoint.topValuesRebuilt(), "") : json;
	}

	private static byte[] legacyRegisters(byte[] state) {
		HyperLogLog legacy = HyperLogLog.restore(new byte[1 << HyperLogLog.LEGACY_PRECISION]);
		if (state[0] == 1) {
			ByteBuffer hashes = ByteBuffer.wrap(state, 1, state.length - 1);
			while (hashes.hasRemaining()) {
				legacy.addHash(hashes.getLong());
			}
			return legacy.state();
		}
		byte[] fine = new byte[1 << HyperLogLog.PRECISION];
		Inflater inflater = new Inflater();
		try {
			inflater.setInput(state, 2, state.length - 2);
			inflater.inflate(fine);
		}
		catch (DataFormatException ex) {
			throw new IllegalArgumentException(ex);
		}
		finally {
			inflater.end();
		}
		// the two index bits the coarser sketch does not have lead its rank
		byte[] coarse = legacy.state();
		for (int j = 0; j < fine.length; j++) {
			if (fine[j] != 0) {
				int rank = ((j & 2) != 0) ? 1 : ((j & 1) != 0) ? 2 : 2 + fine[j];
				coarse[j >>> 2] = (byte) Math.max(coarse[j >>> 2], rank);
			}
		}
		return coarse;
	}

	static ColumnReport column(DatasetReport report, String name) {
		return report.columns()
			.stream()
			.filter((column) -> column.name().equals(name))
			.findFirst()
			.orElseThrow(() -> new AssertionError("No column " + name + " in " + report));
	}

}
