package dev.longhaul.processing.profile;

import java.nio.ByteBuffer;
import java.util.Arrays;

import com.tdunning.math.stats.MergingDigest;
import com.tdunning.math.stats.ScaleFunction;
import com.tdunning.math.stats.Sort;

/**
 * Quantiles of a stream of numbers: a t-digest (compression 100) fed in batches of
 * {@value #BATCH}, so that its state does not depend on where a run was checkpointed.
 *
 * <p>
 * {@link MergingDigest#asBytes} compacts the digest and drops its merge parity, so a
 * digest serialized mid-stream would continue differently from one that was not. The
 * state is therefore defined as what {@link MergingDigest} gives when each full batch is
 * added to a digest read from the previous state's bytes, which are then written anew.
 * The pending batch is part of the state, so stopping anywhere and resuming gives
 * byte-for-byte the same sketch.
 *
 * <p>
 * Adding a batch that way costs two digest allocations, a serialization round trip and
 * index sorts of about a thousand values. {@link Centroids#addBatch} computes the very
 * same centroids, bit for bit, in place, with the batch sorted as primitives and merged
 * with the (already sorted) centroids. A batch whose values or centroid means are so
 * large that a centroid update could overflow (or that holds infinities or NaN) goes
 * through {@link MergingDigest} itself instead: once a mean is infinite or NaN, the
 * library's own sort (random pivots, comparisons that NaN fails) decides the result, and
 * only the library can give it. {@code QuantileSketchTest} checks both routes against
 * {@link MergingDigest}.
 *
 * <p>
 * A sketch holds its pending batch and its centroids; the scratch arrays of a merge
 * (about 46 KiB) are shared by the sketches of a thread, so that a profile of many
 * columns does not hold one set per column.
 *
 * <p>
 * Not thread-safe.
 */
final class QuantileSketch {

	static final int BATCH = 1024;

	private static final double COMPRESSION = 100;

	private final Centroids centroids;

	private final double[] pending = new double[BATCH];

	private int pendingCount;

	QuantileSketch() {
		this(new Centroids());
	}

	private QuantileSketch(Centroids centroids) {
		this.centroids = centroids;
	}

	/**
	 * A sketch that continues from a saved state.
	 * @param state bytes from {@link #state()}
	 * @return the sketch
	 * @throws IllegalArgumentException if the state is not a sketch's
	 */
	static QuantileSketch restore(byte[] state) {
		ByteBuffer buffer = ByteBuffer.wrap(state);
		int count = buffer.getInt();
		if (count < 0 || count >= BATCH) {
			throw new IllegalArgumentException("Invalid pending count: " + count);
		}
		double[] pending = new double[count];
		for (int i = 0; i < count; i++) {
			pending[i] = buffer.getDouble();
		}
		byte[] digest = new byte[buffer.remaining()];
		buffer.get(digest);
		MergingDigest.fromBytes(ByteBuffer.wrap(digest));
		Centroids centroids = new Centroids();
		centroids.read(ByteBuffer.wrap(digest));
		QuantileSketch sketch = new QuantileSketch(centroids);
		System.arraycopy(pending, 0, sketch.pending, 0, count);
		sketch.pendingCount = count;
		return sketch;
	}

	void add(double value) {
		this.pending[this.pendingCount++] = value;
		if (this.pendingCount == BATCH) {
			this.centroids.addBatch(this.pending, BATCH);
			this.pendingCount = 0;
		}
	}

	/**
	 * The estimated value at a quantile of what was added.
	 * @param q the quantile, from 0 to 1
	 * @return the estimate, or {@code NaN} if nothing was added
	 */
	double quantile(double q) {
		return quantiles(q)[0];
	}

	/**
	 * The estimated values at several quantiles of what was added, from one merge of the
	 * sketch.
	 * @param qs the quantiles, each from 0 to 1
	 * @return the estimates, in the order of {@code qs}; {@code NaN} if nothing was added
	 */
	double[] quantiles(double... qs) {
		MergingDigest merged = this.centroids.digest();
		for (int i = 0; i < this.pendingCount; i++) {
			merged.add(this.pending[i]);
		}
		double[] values = new double[qs.length];
		for (int i = 0; i < qs.length; i++) {
			values[i] = merged.quantile(qs[i]);
		}
		return values;
	}

	/**
	 * How many values were added.
	 * @return the count
	 */
	long count() {
		return Math.round(this.centroids.totalWeight) + this.pendingCount;
	}

	byte[] state() {
		byte[] digest = this.centroids.bytes();
		ByteBuffer buffer = ByteBuffer.allocate(Integer.BYTES + this.pendingCount * Double.BYTES + digest.length);
		buffer.putInt(this.pendingCount);
		for (int i = 0; i < this.pendingCount; i++) {
			buffer.putDouble(this.pending[i]);
		}
		buffer.put(digest);
		return buffer.array();
	}

	/**
	 * The centroids of a compacted {@link MergingDigest} (compression
	 * {@value #COMPRESSION}), as its {@link MergingDigest#asBytes verbose encoding} holds
	 * them.
	 *
	 * <p>
	 * {@link #addBatch} mirrors what {@code fromBytes}, {@code add} for each value and
	 * {@code byteSize} then {@code asBytes} do in t-digest 3.3: values go to a buffer of
	 * {@value #BUFFER} cells, which also has to hold the centroids when it is merged;
	 * when it would overflow it is merged at the working compression
	 * ({@value #WORKING_COMPRESSION}, twice the public one); {@code byteSize} merges the
	 * rest at the public compression and {@code asBytes} merges once more, with nothing
	 * new; every other merge runs backwards. A merge stably sorts the new values followed
	 * by the centroids by mean, then walks them in that order (or its reverse), folding
	 * each into the last centroid while the K_2 weight limit allows; the arithmetic here
	 * is the library's, operation for operation.
	 *
	 * <p>
	 * The centroid arrays are allocated when there is something to hold: empty for a new
	 * sketch, {@value #SIZE} cells from the first merge on.
	 */
	private static final class Centroids {

		/** {@code MergingDigest}'s buffer for compression 100: 5 × (2 × 100 + 10). */
		private static final int BUFFER = 1050;

		/** Its merge-time compression: sqrt(BUFFER / size - 1) × 100. */
		private static final double WORKING_COMPRESSION = 200;

		/** Its centroid capacity, 2 × 100 + 10. */
		private static final int SIZE = 210;

		private static final ScaleFunction SCALE = ScaleFunction.K_2;

		/**
		 * A bound on magnitude × total weight below which no centroid update overflows:
		 * an update multiplies a difference of two means (at most twice the largest
		 * magnitude) by a weight (at most the total), and 2 × 2^1020 leaves a factor of 8
		 * below {@link Double#MAX_VALUE} for rounding.
		 */
		private static final double MAGNITUDE_TIMES_WEIGHT = 0x1p1020;

		private static final double[] NONE = {};

		/**
		 * The scratch arrays of a merge, one set per thread: a sketch is used by one
		 * thread at a time and a merge does not keep anything in them.
		 */
		private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(Scratch::new);

		private double[] mean = NONE;

		private double[] weight = NONE;

		private int count;

		private double totalWeight;

		private double min = Double.POSITIVE_INFINITY;

		private double max = Double.NEGATIVE_INFINITY;

		/**
		 * Reads the verbose encoding of a digest, as {@code fromBytes} does.
		 * @param buffer the encoding
		 * @throws IllegalArgumentException if its centroid count is not a digest's
		 */
		void read(ByteBuffer buffer) {
			buffer.getInt();
			this.min = buffer.getDouble();
			this.max = buffer.getDouble();
			buffer.getDouble();
			int count = buffer.getInt();
			if (count < 0 || count > SIZE) {
				throw new IllegalArgumentException("Invalid centroid count: " + count);
			}
			if (this.mean.length < count) {
				this.mean = new double[count];
				this.weight = new double[count];
			}
			this.count = count;
			this.totalWeight = 0;
			for (int i = 0; i < this.count; i++) {
				this.weight[i] = buffer.getDouble();
				this.mean[i] = buffer.getDouble();
				this.totalWeight += this.weight[i];
			}
		}

		/**
		 * As {@code MergingDigest.asBytes}.
		 * @return the verbose encoding
		 */
		byte[] bytes() {
			ByteBuffer buffer = ByteBuffer.allocate(this.count * 16 + 32);
			buffer.putInt(1);
			buffer.putDouble(this.min);
			buffer.putDouble(this.max);
			buffer.putDouble(COMPRESSION);
			buffer.putInt(this.count);
			for (int i = 0; i < this.count; i++) {
				buffer.putDouble(this.weight[i]);
				buffer.putDouble(this.mean[i]);
			}
			return buffer.array();
		}

		MergingDigest digest() {
			return MergingDigest.fromBytes(ByteBuffer.wrap(bytes()));
		}

		/**
		 * Adds values as {@code fromBytes}, {@code add} for each, {@code byteSize} and
		 * {@code asBytes} would: in place when no centroid update can overflow, else
		 * through {@link MergingDigest}.
		 * @param values the values
		 * @param n how many
		 * @throws IllegalArgumentException if a value is NaN, as {@link MergingDigest}
		 */
		void addBatch(double[] values, int n) {
			if (!boundedForMerging(values, n)) {
				addThroughLibrary(values, n);
				return;
			}
			if (this.mean.length < SIZE) {
				this.mean = Arrays.copyOf(this.mean, SIZE);
				this.weight = Arrays.copyOf(this.weight, SIZE);
			}
			Scratch scratch = SCRATCH.get();
			int merges = 0;
			int from = 0;
			for (int i = 0; i < n; i++) {
				if (i - from >= BUFFER - this.count - 1) {
					merge(scratch, values, from, i, (merges++ % 2) == 1, WORKING_COMPRESSION);
					from = i;
				}
				double x = values[i];
				if (x < this.min) {
					this.min = x;
				}
				if (x > this.max) {
					this.max = x;
				}
			}
			merge(scratch, values, from, n, (merges++ % 2) == 1, COMPRESSION);
			merge(scratch, values, n, n, (merges % 2) == 1, COMPRESSION);
		}

		/**
		 * Whether every value and centroid mean, times the total weight after the batch,
		 * is within {@link #MAGNITUDE_TIMES_WEIGHT}; false for infinities and NaN. The
		 * means a merge computes are weighted averages of these, so they stay within it
		 * too (but for rounding, which the margin covers).
		 */
		private boolean boundedForMerging(double[] values, int n) {
			double limit = MAGNITUDE_TIMES_WEIGHT / (this.totalWeight + n);
			for (int i = 0; i < n; i++) {
				if (!(Math.abs(values[i]) <= limit)) {
					return false;
				}
			}
			for (int i = 0; i < this.count; i++) {
				if (!(Math.abs(this.mean[i]) <= limit)) {
					return false;
				}
			}
			return true;
		}

		/**
		 * Adds values the way the sketch did before it mirrored the library's merges.
		 */
		private void addThroughLibrary(double[] values, int n) {
			MergingDigest digest = digest();
			for (int i = 0; i < n; i++) {
				digest.add(values[i]);
			}
			ByteBuffer buffer = ByteBuffer.allocate(digest.byteSize());
			digest.asBytes(buffer);
			read(ByteBuffer.wrap(buffer.array()));
		}

		private void merge(Scratch scratch, double[] values, int from, int to, boolean backwards, double compression) {
			int incoming = to - from;
			int total = incoming + this.count;
			if (sortedAsPrimitives(values, from, to)) {
				mergeSorted(scratch, values, from, incoming, backwards);
			}
			else {
				stableSort(scratch, values, from, incoming, backwards);
			}
			this.totalWeight += incoming;
			double totalWeight = this.totalWeight;
			double[] sequenceMean = scratch.sequenceMean;
			double[] sequenceWeight = scratch.sequenceWeight;
			// the sequence holds all the centroids now: the new ones overwrite them
			double[] mean = this.mean;
			double[] weight = this.weight;
			int last = 0;
			mean[0] = sequenceMean[0];
			weight[0] = sequenceWeight[0];
			double soFar = 0;
			double normalizer = SCALE.normalizer(compression, totalWeight);
			double limitAtSoFar = SCALE.max(soFar / totalWeight, normalizer);
			for (int i = 1; i < total; i++) {
				double proposedWeight = weight[last] + sequenceWeight[i];
				boolean addThis = proposedWeight <= totalWeight
						* Math.min(limitAtSoFar, SCALE.max((soFar + proposedWeight) / totalWeight, normalizer));
				if (i == 1 || i == total - 1) {
					addThis = false;
				}
				if (addThis) {
					weight[last] += sequenceWeight[i];
					mean[last] = mean[last] + (sequenceMean[i] - mean[last]) * sequenceWeight[i] / weight[last];
				}
				else {
					soFar += weight[last];
					limitAtSoFar = SCALE.max(soFar / totalWeight, normalizer);
					last++;
					mean[last] = sequenceMean[i];
					weight[last] = sequenceWeight[i];
				}
			}
			last++;
			if (backwards) {
				reverse(mean, last);
				reverse(weight, last);
			}
			this.count = last;
			if (totalWeight > 0) {
				this.min = Math.min(this.min, mean[0]);
				this.max = Math.max(this.max, mean[last - 1]);
			}
		}

		/**
		 * Whether the library's stable sort of the new values followed by the centroids
		 * is a primitive sort of the values merged with the centroids: the centroids are
		 * in order, and new values that compare equal are identical (no negative zero, no
		 * NaN, which {@link #boundedForMerging} has already kept out).
		 */
		private boolean sortedAsPrimitives(double[] values, int from, int to) {
			for (int i = 1; i < this.count; i++) {
				if (!(this.mean[i - 1] <= this.mean[i])) {
					return false;
				}
			}
			for (int i = from; i < to; i++) {
				double value = values[i];
				if (Double.doubleToRawLongBits(value) == Long.MIN_VALUE || value != value) {
					return false;
				}
			}
			return true;
		}

		/**
		 * Lays out the merge sequence from a primitive sort of the new values, each of
		 * weight 1, merged with the centroids, a new value first on a tie as its index is
		 * lower.
		 */
		private void mergeSorted(Scratch scratch, double[] values, int from, int incoming, boolean backwards) {
			sort(scratch, values, from, incoming);
			double[] sorted = scratch.sorted;
			double[] sequenceMean = scratch.sequenceMean;
			double[] sequenceWeight = scratch.sequenceWeight;
			int total = incoming + this.count;
			int v = 0;
			int c = 0;
			for (int k = 0; k < total; k++) {
				int at = backwards ? total - 1 - k : k;
				if (c == this.count || (v < incoming && sorted[v] <= this.mean[c])) {
					sequenceMean[at] = sorted[v++];
					sequenceWeight[at] = 1;
				}
				else {
					sequenceMean[at] = this.mean[c];
					sequenceWeight[at] = this.weight[c++];
				}
			}
		}

		/**
		 * Sorts values (no NaN, no negative zero) into {@link Scratch#sorted}: a radix
		 * sort of their bits, mapped so that unsigned order is numeric order, a byte at a
		 * time (bytes that all values share skipped). For a thousand values it takes a
		 * fraction of a comparison sort's time, and as equal values are identical the
		 * result is the same.
		 */
		private static void sort(Scratch buffers, double[] values, int from, int n) {
			long[] keys = buffers.keys;
			long[] scratch = buffers.keysScratch;
			for (int i = 0; i < n; i++) {
				long bits = Double.doubleToRawLongBits(values[from + i]);
				keys[i] = bits ^ ((bits >> 63) | Long.MIN_VALUE);
			}
			int[] counts = buffers.digitCounts;
			for (int shift = 0; shift < 64 && n > 1; shift += 8) {
				Arrays.fill(counts, 0);
				for (int i = 0; i < n; i++) {
					counts[(int) (keys[i] >>> shift) & 0xFF]++;
				}
				if (counts[(int) (keys[0] >>> shift) & 0xFF] == n) {
					continue;
				}
				int total = 0;
				for (int digit = 0; digit < 256; digit++) {
					int count = counts[digit];
					counts[digit] = total;
					total += count;
				}
				for (int i = 0; i < n; i++) {
					long key = keys[i];
					scratch[counts[(int) (key >>> shift) & 0xFF]++] = key;
				}
				long[] swap = keys;
				keys = scratch;
				scratch = swap;
			}
			double[] sorted = buffers.sorted;
			for (int i = 0; i < n; i++) {
				long key = keys[i];
				sorted[i] = Double.longBitsToDouble((key < 0) ? key ^ Long.MIN_VALUE : ~key);
			}
		}

		/**
		 * Lays out the merge sequence as the library does in any case: the new values
		 * then the centroids, in the order of the library's {@link Sort#stableSort} by
		 * mean.
		 */
		private void stableSort(Scratch scratch, double[] values, int from, int incoming, boolean backwards) {
			int total = incoming + this.count;
			double[] means = scratch.sorted;
			System.arraycopy(values, from, means, 0, incoming);
			System.arraycopy(this.mean, 0, means, incoming, this.count);
			int[] order = scratch.order;
			Sort.stableSort(order, means, total);
			for (int k = 0; k < total; k++) {
				int at = backwards ? total - 1 - k : k;
				int index = order[k];
				scratch.sequenceMean[at] = means[index];
				scratch.sequenceWeight[at] = (index < incoming) ? 1 : this.weight[index - incoming];
			}
		}

		private static void reverse(double[] values, int length) {
			for (int i = 0, j = length - 1; i < j; i++, j--) {
				double value = values[i];
				values[i] = values[j];
				values[j] = value;
			}
		}

	}

	/**
	 * What a merge of {@link Centroids} works in: the batch sorted, its radix-sort keys
	 * and digit counts, the index order of a fallback sort, and the merge sequence.
	 */
	private static final class Scratch {

		final double[] sorted = new double[Centroids.BUFFER];

		final long[] keys = new long[Centroids.BUFFER];

		final long[] keysScratch = new long[Centroids.BUFFER];

		final int[] digitCounts = new int[256];

		final int[] order = new int[Centroids.BUFFER];

		final double[] sequenceMean = new double[Centroids.BUFFER];

		final double[] sequenceWeight = new double[Centroids.BUFFER];

	}

}
