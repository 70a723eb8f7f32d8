package dev.longhaul.processing.profile;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;

import org.jspecify.annotations.Nullable;

/**
 * The number of distinct values of a column, from their 64-bit {@link XxHash64} hashes:
 * exact while the column has at most {@value #EXACT_LIMIT} distinct values, as the set of
 * their hashes (exact up to a collision of 64-bit hashes, a chance of about
 * n<sup>2</sup>/2<sup>65</sup>, 10<sup>-13</sup> at the limit); beyond it, estimated by a
 * {@link HyperLogLog} of 2<sup>14</sup> registers (relative standard error about 0.81%)
 * built from that set and fed from then on.
 *
 * <p>
 * The limit keeps the state within 16 KiB in both phases: {@value #EXACT_LIMIT} hashes of
 * 8 bytes are the size of the registers. In a checkpoint the registers are deflated (a
 * few KiB). The sketch being the same whichever way its hashes came, a counter restored
 * from its {@link #state()} goes on exactly as the original. Not thread-safe.
 */
final class DistinctCounter {

	/** The most distinct values counted exactly. */
	static final int EXACT_LIMIT = 2048;

	/** State tag: the sorted hashes follow, 8 bytes each. */
	private static final byte EXACT = 1;

	/** State tag: the precision follows, then the deflated registers. */
	private static final byte SKETCH = 2;

	private static final int INITIAL_TABLE = 16;

	/**
	 * The hashes while exact, open addressing with linear probing at most half full;
	 * {@code null} once sketched. Zero marks a free slot: the hash 0 is {@link #zero}.
	 */
	private long @Nullable [] table = new long[INITIAL_TABLE];

	/** The hashes in the table. */
	private int size;

	private boolean zero;

	private @Nullable HyperLogLog sketch;

	/**
	 * Adds a value by its hash.
	 * @param hash the {@link XxHash64} hash of the value's UTF-8 encoding
	 */
	void add(long hash) {
		HyperLogLog sketch = this.sketch;
		if (sketch != null) {
			sketch.addHash(hash);
		}
		else {
			addExact(hash);
		}
	}

	private void addExact(long hash) {
		if (hash == 0) {
			if (!this.zero) {
				this.zero = true;
				grown();
			}
			return;
		}
		long[] table = this.table;
		int mask = table.length - 1;
		int i = (int) hash & mask;
		long slot;
		while ((slot = table[i]) != 0) {
			if (slot == hash) {
				return;
			}
			i = (i + 1) & mask;
		}
		table[i] = hash;
		this.size++;
		grown();
	}

	private void grown() {
		if (exactCount() > EXACT_LIMIT) {
			HyperLogLog sketch = new HyperLogLog();
			for (long hash : hashes()) {
				sketch.addHash(hash);
			}
			this.sketch = sketch;
			this.table = null;
		}
		else if (this.size * 2 > this.table.length) {
			long[] old = this.table;
			this.table = new long[old.length * 2];
			this.size = 0;
			for (long hash : old) {
				if (hash != 0) {
					addExact(hash);
				}
			}
		}
	}

	private int exactCount() {
		return this.size + (this.zero ? 1 : 0);
	}

	/** The hashes while exact, sorted. */
	private long[] hashes() {
		long[] hashes = new long[exactCount()];
		int n = 0;
		if (this.zero) {
			hashes[n++] = 0;
		}
		for (long hash : this.table) {
			if (hash != 0) {
				hashes[n++] = hash;
			}
		}
		Arrays.sort(hashes);
		return hashes;
	}

	/**
	 * Whether the count is exact.
	 * @return whether at most {@value #EXACT_LIMIT} distinct values were added (and the
	 * counter did not start from an older checkpoint's sketch)
	 */
	boolean exact() {
		return this.sketch == null;
	}

	/**
	 * The number of distinct values added: exact, or estimated and then never below
	 * {@value #EXACT_LIMIT} + 1, which were counted exactly.
	 * @return the count
	 */
	long count() {
		HyperLogLog sketch = this.sketch;
		if (sketch == null) {
			return exactCount();
		}
		long estimate = sketch.estimate();
		return (sketch.precision() == HyperLogLog.PRECISION) ? Math.max(estimate, EXACT_LIMIT + 1) : estimate;
	}

	/**
	 * The relative standard error of {@link #count()}.
	 * @return 0 while exact, else the sketch's (0.008125, or 0.01625 for a sketch from an
	 * older checkpoint)
	 */
	double relativeError() {
		return (this.sketch != null) ? this.sketch.relativeStandardError() : 0;
	}

	/**
	 * The state, for a checkpoint: a tag byte, then the sorted hashes, or the precision
	 * and the deflated registers. At most 1 + 8 &times; {@value #EXACT_LIMIT} bytes while
	 * exact; the deflated registers of 2<sup>14</sup> registers take a few KiB.
	 * @return the state; the same for the same values added, whatever their order
	 */
	byte[] state() {
		HyperLogLog sketch = this.sketch;
		if (sketch == null) {
			long[] hashes = hashes();
			ByteBuffer state = ByteBuffer.allocate(1 + hashes.length * Long.BYTES).put(EXACT);
			for (long hash : hashes) {
				state.putLong(hash);
			}
			return state.array();
		}
		return sketchState(sketch.precision(), sketch.state());
	}

	private static byte[] sketchState(int precision, byte[] registers) {
		Deflater deflater = new Deflater(Deflater.BEST_SPEED);
		try {
			deflater.setInput(registers);
			deflater.finish();
			// deflate adds at most 5 bytes per 16 KiB block and 6 of its own
			byte[] out = new byte[2 + registers.length + 64];
			out[0] = SKETCH;
			out[1] = (byte) precision;
			int length = 2 + deflater.deflate(out, 2, out.length - 2);
			if (!deflater.finished()) {
				throw new IllegalStateException("Deflated registers larger than expected");
			}
			return Arrays.copyOf(out, length);
		}
		finally {
			deflater.end();
		}
	}

	/**
	 * A counter that continues from a saved state.
	 * @param state bytes from {@link #state()}
	 * @return the counter
	 * @throws IllegalArgumentException if the state is not a counter's
	 */
	static DistinctCounter restore(byte[] state) {
		if (state.length == 0) {
			throw new IllegalArgumentException("Empty distinct counter state");
		}
		DistinctCounter counter = new DistinctCounter();
		if (state[0] == EXACT) {
			int count = (state.length - 1) / Long.BYTES;
			if ((state.length - 1) % Long.BYTES != 0 || count > EXACT_LIMIT) {
				throw new IllegalArgumentException("Invalid exact distinct state of " + state.length + " bytes");
			}
			ByteBuffer hashes = ByteBuffer.wrap(state, 1, state.length - 1);
			long previous = 0;
			for (int i = 0; i < count; i++) {
				long hash = hashes.getLong();
				if (i > 0 && hash <= previous) {
					throw new IllegalArgumentException("Distinct hashes not strictly increasing");
				}
				previous = hash;
				counter.addExact(hash);
			}
			return counter;
		}
		if (state[0] == SKETCH && state.length > 2) {
			int precision = state[1];
			if (precision != HyperLogLog.PRECISION && precision != HyperLogLog.LEGACY_PRECISION) {
				throw new IllegalArgumentException("Unsupported sketch precision " + precision);
			}
			counter.sketch = HyperLogLog.restore(inflate(state, 1 << precision));
			counter.table = null;
			return counter;
		}
		throw new IllegalArgumentException("Invalid distinct counter state");
	}

	/**
	 * The state of a counter continuing an older checkpoint's sketch: 2<sup>12</sup>
	 * registers (about 1.6% relative standard error), which cannot be made finer.
	 * @param registers the registers a format 1 or 2 checkpoint holds
	 * @return the state
	 * @throws IllegalArgumentException if they are not a sketch's
	 */
	static byte[] legacyState(byte[] registers) {
		HyperLogLog sketch = HyperLogLog.restore(registers);
		if (sketch.precision() != HyperLogLog.LEGACY_PRECISION) {
			throw new IllegalArgumentException("Expected " + (1 << HyperLogLog.LEGACY_PRECISION) + " registers");
		}
		return sketchState(sketch.precision(), registers);
	}

	private static byte[] inflate(byte[] state, int registers) {
		Inflater inflater = new Inflater();
		try {
			inflater.setInput(state, 2, state.length - 2);
			byte[] out = new byte[registers + 1];
			int length = inflater.inflate(out);
			if (length != registers || !inflater.finished() || inflater.getRemaining() != 0) {
				throw new IllegalArgumentException("Invalid deflated registers");
			}
			return Arrays.copyOf(out, registers);
		}
		catch (DataFormatException ex) {
			throw new IllegalArgumentException("Invalid deflated registers: " + ex.getMessage());
		}
		finally {
			inflater.end();
		}
	}

}
