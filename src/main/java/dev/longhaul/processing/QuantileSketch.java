package dev.longhaul.processing;

import java.nio.ByteBuffer;

import com.tdunning.math.stats.MergingDigest;

/**
 * Quantiles of a stream of numbers: a t-digest (compression 100) fed in batches of
 * {@value #BATCH}, so that its state does not depend on where a run was checkpointed.
 *
 * <p>
 * {@link MergingDigest#asBytes} compacts the digest and drops its merge parity, so a
 * digest serialized mid-stream would continue differently from one that was not. Here the
 * digest is only ever kept in its serialized form: each full batch is added to a digest
 * read from those bytes, which are then written anew. The pending batch is part of the
 * state, so stopping anywhere and resuming gives byte-for-byte the same sketch.
 *
 * <p>
 * Not thread-safe.
 */
final class QuantileSketch {

	static final int BATCH = 1024;

	private static final double COMPRESSION = 100;

	private byte[] digest;

	private final double[] pending = new double[BATCH];

	private int pendingCount;

	QuantileSketch() {
		this.digest = bytes(new MergingDigest(COMPRESSION));
	}

	/**
	 * A sketch that continues from a saved state.
	 * @param state bytes from {@link #state()}
	 * @return the sketch
	 * @throws IllegalArgumentException if the state is not a sketch's
	 */
	static QuantileSketch restore(byte[] state) {
		ByteBuffer buffer = ByteBuffer.wrap(state);
		QuantileSketch sketch = new QuantileSketch();
		int count = buffer.getInt();
		if (count < 0 || count >= BATCH) {
			throw new IllegalArgumentException("Invalid pending count: " + count);
		}
		for (int i = 0; i < count; i++) {
			sketch.pending[i] = buffer.getDouble();
		}
		sketch.pendingCount = count;
		byte[] digest = new byte[buffer.remaining()];
		buffer.get(digest);
		MergingDigest.fromBytes(ByteBuffer.wrap(digest));
		sketch.digest = digest;
		return sketch;
	}

	void add(double value) {
		this.pending[this.pendingCount++] = value;
		if (this.pendingCount == BATCH) {
			MergingDigest merged = withPending();
			this.pendingCount = 0;
			this.digest = bytes(merged);
		}
	}

	/**
	 * The estimated value at a quantile of what was added.
	 * @param q the quantile, from 0 to 1
	 * @return the estimate, or {@code NaN} if nothing was added
	 */
	double quantile(double q) {
		return withPending().quantile(q);
	}

	byte[] state() {
		ByteBuffer buffer = ByteBuffer.allocate(Integer.BYTES + this.pendingCount * Double.BYTES + this.digest.length);
		buffer.putInt(this.pendingCount);
		for (int i = 0; i < this.pendingCount; i++) {
			buffer.putDouble(this.pending[i]);
		}
		buffer.put(this.digest);
		return buffer.array();
	}

	private MergingDigest withPending() {
		MergingDigest merged = MergingDigest.fromBytes(ByteBuffer.wrap(this.digest));
		for (int i = 0; i < this.pendingCount; i++) {
			merged.add(this.pending[i]);
		}
		return merged;
	}

	private static byte[] bytes(MergingDigest digest) {
		ByteBuffer buffer = ByteBuffer.allocate(digest.byteSize());
		digest.asBytes(buffer);
		return buffer.array();
	}

}
