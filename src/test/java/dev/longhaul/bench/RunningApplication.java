package dev.longhaul.bench;

import java.util.ArrayList;
import java.util.List;

import javax.sql.DataSource;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import dev.longhaul.LonghaulApplication;
import dev.longhaul.queue.JobEngine;
import dev.longhaul.worker.LoopWorker;

/**
 * The real application, started in this JVM on a free port with the given database and
 * the embedded SMTP sink (unless {@code spring.mail.host} is given), quiet logs, and
 * everything else as configured in {@code application.properties}.
 */
final class RunningApplication implements AutoCloseable {

	private final ConfigurableApplicationContext context;

	private RunningApplication(ConfigurableApplicationContext context) {
		this.context = context;
	}

	/**
	 * Starts the application with the benchmark's job types ({@link BenchJobs}).
	 * @param url the JDBC URL
	 * @param user the database user
	 * @param password its password
	 * @param extra more arguments, such as {@code --longhaul.jobs.bench-noop.prefetch=50}
	 * @return the running application
	 */
	static RunningApplication start(String url, String user, String password, List<String> extra) {
		List<String> args = arguments(url, user, password);
		args.addAll(extra);
		return new RunningApplication(new SpringApplicationBuilder(LonghaulApplication.class, BenchJobs.class)
			.run(args.toArray(String[]::new)));
	}

	/**
	 * Starts one instance of several on the same database: the application plus the
	 * {@link NoopWorkers}, JMX off (several contexts share this JVM), the email sender
	 * off.
	 * @param url the JDBC URL
	 * @param user the database user
	 * @param password its password
	 * @param extra more arguments, such as {@code --longhaul.workers.noop-worker.*}
	 * @return the running instance
	 */
	static RunningApplication startInstance(String url, String user, String password, String... extra) {
		List<String> args = arguments(url, user, password);
		args.addAll(List.of("--spring.jmx.enabled=false", "--longhaul.workers.email-sender.enabled=false"));
		args.addAll(List.of(extra));
		return new RunningApplication(new SpringApplicationBuilder(LonghaulApplication.class, NoopWorkers.class)
			.run(args.toArray(String[]::new)));
	}

	private static List<String> arguments(String url, String user, String password) {
		return new ArrayList<>(
				List.of("--server.port=0", "--server.address=127.0.0.1", "--spring.datasource.url=" + url,
						"--spring.datasource.username=" + user, "--spring.datasource.password=" + password,
						"--spring.main.banner-mode=off", "--logging.level.root=WARN"));
	}

	<T> T bean(Class<T> type) {
		return this.context.getBean(type);
	}

	<T> T bean(String name, Class<T> type) {
		return this.context.getBean(name, type);
	}

	DataSource dataSource() {
		return bean(DataSource.class);
	}

	/**
	 * The loop worker that runs a queue's executor.
	 * @param queue the queue
	 * @return its worker
	 */
	LoopWorker worker(String queue) {
		return bean(JobEngine.class).worker(queue)
			.orElseThrow(() -> new IllegalStateException("No executor runs queue '" + queue + "'"));
	}

	int port() {
		return Integer.parseInt(this.context.getEnvironment().getRequiredProperty("local.server.port"));
	}

	@Override
	public void close() {
		this.context.close();
	}

}
