package dev.longhaul.bench;

import java.util.ArrayList;
import java.util.List;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import dev.longhaul.LonghaulApplication;

/**
 * The real application, started in this JVM on a free port with the given database and
 * the embedded SMTP sink (no {@code spring.mail.host}), quiet logs, and everything else
 * as configured in {@code application.properties}.
 */
final class RunningApplication implements AutoCloseable {

	private final ConfigurableApplicationContext context;

	private RunningApplication(ConfigurableApplicationContext context) {
		this.context = context;
	}

	/**
	 * Starts the application.
	 * @param url the JDBC URL
	 * @param user the database user
	 * @param password its password
	 * @return the running application
	 */
	static RunningApplication start(String url, String user, String password) {
		List<String> args = new ArrayList<>(
				List.of("--server.port=0", "--server.address=127.0.0.1", "--spring.datasource.url=" + url,
						"--spring.datasource.username=" + user, "--spring.datasource.password=" + password,
						"--spring.main.banner-mode=off", "--logging.level.root=WARN"));
		return new RunningApplication(
				new SpringApplicationBuilder(LonghaulApplication.class).run(args.toArray(String[]::new)));
	}

	<T> T bean(Class<T> type) {
		return this.context.getBean(type);
	}

	<T> T bean(String name, Class<T> type) {
		return this.context.getBean(name, type);
	}

	int port() {
		return Integer.parseInt(this.context.getEnvironment().getRequiredProperty("local.server.port"));
	}

	@Override
	public void close() {
		this.context.close();
	}

}
