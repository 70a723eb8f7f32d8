package dev.longhaul.processing.profile;

/**
 * A HyperLogLog distinct-count sketch with 2<sup>{@value #PRECISION}</sup> one-byte
 * registers (16 KiB, relative standard error 1.04/&radic;16384, about 0.81%), estimated
 * with Ertl's improved estimator, which needs no bias tables and is accurate from one
 * value to billions. A sketch of 2<sup>{@value #LEGACY_PRECISION}</sup> registers (about
 * 1.6%) is what checkpoints before format 3 hold; it can be restored and continued, never
 * made anew.
 *
 * <p>
 * Not thread-safe. The state is the register array itself.
 *
 * @see <a href="https://arxiv.org/abs/1702.01284">O. Ertl, New cardinality estimation
 * algorithms for HyperLogLog sketches (2017)</a>
 */
final class HyperLogLog {

	static final int PRECISION = 14;

	static final int LEGACY_PRECISION = 12;

	private static final double ALPHA_INFINITY = 0.5 / Math.log(2);

	private final int precision;

	private final int valueBits;

	private final byte[] registers;

	HyperLogLog() {
		this(new byte[1 << PRECISION]);
	}

	private HyperLogLog(byte[] registers) {
		this.precision = Integer.numberOfTrailingZeros(registers.length);
		this.valueBits = 64 - this.precision;
		this.registers = registers;
	}

	/**
	 * A sketch that continues from a saved state.
	 * @param state registers from {@link #state()}: 2<sup>{@value #PRECISION}</sup>, or
	 * 2<sup>{@value #LEGACY_PRECISION}</sup> for a sketch of an older checkpoint
	 * @return the sketch
	 * @throws IllegalArgumentException if the state is not a sketch's
	 */
	static HyperLogLog restore(byte[] state) {
		if (state.length != 1 << PRECISION && state.length != 1 << LEGACY_PRECISION) {
			throw new IllegalArgumentException("Expected " + (1 << PRECISION) + " or " + (1 << LEGACY_PRECISION)
					+ " registers, got " + state.length);
		}
		int maxRank = 64 - Integer.numberOfTrailingZeros(state.length) + 1;
		for (byte register : state) {
			if (register < 0 || register > maxRank) {
				throw new IllegalArgumentException("Register out of range: " + register);
			}
		}
		return new HyperLogLog(state.clone());
	}

	/**
	 * Adds a value: the hash of its UTF-8 encoding.
	 * @param value the value
	 */
	void add(String value) {
		addHash(XxHash64.hash(value));
	}

	/**
	 * Adds a value by its {@link XxHash64} hash.
	 * @param hash the hash of the value's UTF-8 encoding
	 */
	void addHash(long hash) {
		int index = (int) (hash >>> this.valueBits);
		long rest = hash << this.precision;
		byte rank = (byte) (Math.min(Long.numberOfLeadingZeros(rest), this.valueBits) + 1);
		if (rank > this.registers[index]) {
			this.registers[index] = rank;
		}
	}

	/**
	 * The estimated number of distinct values added.
	 * @return the estimate, rounded
	 */
	long estimate() {
		int[] histogram = new int[this.valueBits + 2];
		for (byte register : this.registers) {
			histogram[register]++;
		}
		double m = this.registers.length;
		double z = m * tau(1 - histogram[this.valueBits + 1] / m);
		for (int k = this.valueBits; k >= 1; k--) {
			z = 0.5 * (z + histogram[k]);
		}
		z += m * sigma(histogram[0] / m);
		return Math.round(ALPHA_INFINITY * m * m / z);
	}

	/**
	 * The relative standard error of {@link #estimate()}: 1.04/&radic;registers (at most;
	 * less while few registers are set).
	 * @return the error, such as 0.008125
	 */
	double relativeStandardError() {
		return 1.04 / Math.sqrt(this.registers.length);
	}

	/**
	 * The number of index bits.
	 * @return {@value #PRECISION}, or {@value #LEGACY_PRECISION} for an older sketch
	 */
	int precision() {
		return this.precision;
	}

	byte[] state() {
		return this.registers.clone();
	}

	private static double sigma(double x) {
		if (x == 1) {
			return Double.POSITIVE_INFINITY;
		}
		double y = 1;
		double z = x;
		double previous;
		do {
			x *= x;
			previous = z;
			z += x * y;
			y += y;
		}
		while (z != previous);
		return z;
	}

	private static double tau(double x) {
		if (x == 0 || x == 1) {
			return 0;
		}
		double y = 1;
		double z = 1 - x;
		double previous;
		do {
			x = Math.sqrt(x);
			previous = z;
			y *= 0.5;
			z -= (1 - x) * (1 - x) * y;
		}
		while (z != previous);
		return z / 3;
	}

}
