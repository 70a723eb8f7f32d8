package dev.longhaul.worker;

import java.util.concurrent.atomic.AtomicBoolean;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Closes the context (stopping the other workers gracefully) and exits the JVM with
 * {@link ApplicationTerminator#EXIT_CODE}, so the platform sees a failure and restarts
 * the process.
 */
final class SpringApplicationTerminator implements ApplicationTerminator {

	private static final Logger logger = LoggerFactory.getLogger(SpringApplicationTerminator.class);

	private final ConfigurableApplicationContext context;

	private final AtomicBoolean terminating = new AtomicBoolean();

	SpringApplicationTerminator(ConfigurableApplicationContext context) {
		this.context = context;
	}

	@Override
	public void terminate(String reason) {
		if (!this.terminating.compareAndSet(false, true)) {
			return;
		}
		logger.error("Stopping the application with exit code {}: {}", EXIT_CODE, reason);
		Thread exit = new Thread(() -> {
			try {
				SpringApplication.exit(this.context, () -> EXIT_CODE);
			}
			catch (RuntimeException ex) {
				logger.error("Closing the application context failed; exiting anyway", ex);
			}
			finally {
				// Whatever the close did (it may race the start-up), the JVM ends with a
				// failure code.
				System.exit(EXIT_CODE);
			}
		}, "longhaul-exit");
		// Created from a worker's daemon thread, it would be a daemon too, and the JVM
		// could end (with 0) before it
		// calls System.exit once the close has stopped every other non-daemon thread.
		exit.setDaemon(false);
		exit.start();
	}

}
