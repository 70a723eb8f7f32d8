package dev.longhaul.support;

import java.time.Duration;
import java.util.function.BooleanSupplier;

import dev.longhaul.worker.StopToken;

/**
 * Stop tokens for tests that run a round or a job on the test's thread.
 */
public final class StopTokens {

	/** A token whose stop never comes. */
	public static final StopToken NEVER = when(() -> false);

	private StopTokens() {
	}

	/**
	 * A token that reports a stop once a condition holds.
	 * @param condition the condition
	 * @return the token
	 */
	public static StopToken when(BooleanSupplier condition) {
		return new StopToken() {

			@Override
			public boolean isStopRequested() {
				return condition.getAsBoolean();
			}

			@Override
			public boolean awaitStop(Duration timeout) {
				throw new UnsupportedOperationException("A test's stop token does not wait");
			}

		};
	}

}
