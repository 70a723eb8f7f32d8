package dev.longhaul.worker;

/**
 * The work of a {@link TimerWorker}: one tick, run on a schedule.
 */
@FunctionalInterface
public interface PeriodicTask extends WorkerTask {

	/**
	 * Runs one tick on the worker's thread. Ticks never overlap.
	 * @param stopToken tells the tick that the worker is stopping
	 * @throws Exception a failure of this tick: logged, counted and backed off, after
	 * which the worker goes on
	 */
	void tick(StopToken stopToken) throws Exception;

}
