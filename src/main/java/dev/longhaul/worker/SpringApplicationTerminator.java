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
		Thread exit = new Thread(() -> System.exit(SpringApplication.exit(this.context, () -> EXIT_CODE)),
				"longhaul-exit");
		exit.start();
	}

}
