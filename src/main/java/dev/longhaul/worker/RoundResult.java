package dev.longhaul.worker;

/**
 * What a {@link LoopTask} round reports, so the loop knows whether to wait before the
 * next round.
 */
public enum RoundResult {

	/** The round found work and there may be more: start the next round at once. */
	MORE_WORK,

	/**
	 * Nothing (more) to do: wait for the idle delay or a {@link LoopWorker#wake()
	 * wake-up}.
	 */
	IDLE

}
