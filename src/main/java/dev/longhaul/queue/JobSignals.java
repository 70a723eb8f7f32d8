package dev.longhaul.queue;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Tells the workers of a queue that it has new work, in this process: a loop worker
 * registers its {@code wake()}, and an enqueue signals once its transaction commits
 * (never before, or the worker would look for a row it cannot see yet).
 */
public final class JobSignals {

	private final Map<String, List<Runnable>> listeners = new ConcurrentHashMap<>();

	/**
	 * Calls {@code listener} whenever the queue gets new work.
	 * @param queue the queue
	 * @param listener what to call, quick and thread-safe
	 */
	public void onWork(String queue, Runnable listener) {
		this.listeners.computeIfAbsent(queue, (key) -> new CopyOnWriteArrayList<>()).add(listener);
	}

	/**
	 * Signals the queue's listeners now, or after the current transaction commits if
	 * there is one.
	 * @param queue the queue
	 */
	public void signalAfterCommit(String queue) {
		if (TransactionSynchronizationManager.isSynchronizationActive()) {
			TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
				@Override
				public void afterCommit() {
					signal(queue);
				}
			});
		}
		else {
			signal(queue);
		}
	}

	/**
	 * Signals the queue's listeners now.
	 * @param queue the queue
	 */
	public void signal(String queue) {
		this.listeners.getOrDefault(queue, List.of()).forEach(Runnable::run);
	}

	/**
	 * The queues that have listeners in this process.
	 * @return the queue names
	 */
	public java.util.Set<String> queues() {
		return java.util.Set.copyOf(this.listeners.keySet());
	}

	/** Signals every queue, after jobs came back to several of them (lease recovery). */
	public void signalAll() {
		this.listeners.values().forEach((list) -> list.forEach(Runnable::run));
	}

}
