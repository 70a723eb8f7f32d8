package dev.longhaul.processing.profile;

/**
 * Count, mean, variance, minimum and maximum of a stream of numbers, by Welford's method,
 * which stays accurate where a sum of squares would cancel out.
 *
 * <p>
 * Not thread-safe.
 */
final class RunningMoments {

	private long count;

	private double mean;

	private double squaredDeviations;

	private double min;

	private double max;

	RunningMoments() {
	}

	RunningMoments(long count, double mean, double squaredDeviations, double min, double max) {
		this.count = count;
		this.mean = mean;
		this.squaredDeviations = squaredDeviations;
		this.min = min;
		this.max = max;
	}

	void add(double value) {
		this.count++;
		if (this.count == 1) {
			this.min = value;
			this.max = value;
		}
		else {
			this.min = Math.min(this.min, value);
			this.max = Math.max(this.max, value);
		}
		double delta = value - this.mean;
		this.mean += delta / this.count;
		this.squaredDeviations += delta * (value - this.mean);
	}

	long count() {
		return this.count;
	}

	double mean() {
		return this.mean;
	}

	/**
	 * The sum of squared deviations from the mean (Welford's M2).
	 * @return the sum
	 */
	double squaredDeviations() {
		return this.squaredDeviations;
	}

	/**
	 * The sample standard deviation (n - 1 in the denominator).
	 * @return the deviation, 0 for fewer than two numbers
	 */
	double standardDeviation() {
		return (this.count < 2) ? 0 : Math.sqrt(this.squaredDeviations / (this.count - 1));
	}

	double min() {
		return this.min;
	}

	double max() {
		return this.max;
	}

}
