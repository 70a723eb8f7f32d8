package dev.longhaul.worker;

import java.util.Locale;

import org.jspecify.annotations.Nullable;

/**
 * How a round ended, as the {@code outcome} tag of {@code longhaul.worker.rounds}.
 */
enum RoundOutcome {

	/** The round returned. */
	SUCCESS,

	/** The round threw. */
	FAILURE;

	private final String tag = name().toLowerCase(Locale.ROOT);

	/**
	 * The outcome of a round.
	 * @param failure what the round threw, or {@code null} if it returned
	 * @return the outcome
	 */
	static RoundOutcome of(@Nullable Throwable failure) {
		return (failure != null) ? FAILURE : SUCCESS;
	}

	/**
	 * The outcome as a metric tag value: its name in lower case, the values that the
	 * README's metrics table lists and the Grafana dashboard's worker panels show.
	 * @return the tag value
	 */
	String tag() {
		return this.tag;
	}

}
