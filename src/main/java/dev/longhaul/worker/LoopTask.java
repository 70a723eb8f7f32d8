package dev.longhaul.worker;

/**
 * The work of a {@link LoopWorker}: one round, run again and again until the worker
 * stops.
 */
@FunctionalInterface
public interface LoopTask extends WorkerTask {

	/**
	 * Runs one round on the worker's thread.
	 * @param stopToken tells the round that the worker is stopping
	 * @return {@link RoundResult#MORE_WORK} to start the next round at once,
	 * {@link RoundResult#IDLE} to wait
	 * @throws Exception a failure of this round: logged, counted and backed off, after
	 * which the worker goes on
	 */
	RoundResult runRound(StopToken stopToken) throws Exception;

}
