package dev.longhaul.support;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.sql.DataSource;

import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.test.web.servlet.client.RestTestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The packaged application ({@code target/longhaul.jar}, as {@code ./mvnw verify} builds
 * it) running in a child JVM on its shipped settings, in a working directory of its own
 * (so its H2 database is {@code
 *
<dir>
 * /data/longhaul}), with the tests' users: for integration tests that stop it with
 * SIGTERM or kill it with SIGKILL, the way production meets those.
 */
public final class LonghaulJar implements AutoCloseable {

	private static final Pattern PORT = Pattern.compile("Tomcat started on port (\\d+)");

	private static final List<String> USERS = List.of("--longhaul.security.users[0].name=admin",
			"--longhaul.security.users[0].password={noop}" + TestClients.password("admin"),
			"--longhaul.security.users[0].role=admin");

	private final JavaProcess process;

	private final Path directory;

	private final int port;

	private LonghaulJar(JavaProcess process, Path directory, int port) {
		this.process = process;
		this.directory = directory;
		this.port = port;
	}

	/**
	 * Starts the jar and waits until it serves requests.
	 * @param directory its working directory
	 * @param arguments more program arguments, such as {@code --spring.mail.port=...}
	 * @return the running application
	 */
	public static LonghaulJar start(Path directory, String... arguments) {
		String jar = System.getProperty("longhaul.jar");
		assertThat(jar).as("system property longhaul.jar (set by the failsafe plugin)").isNotNull();
		List<String> command = new ArrayList<>(List.of("-Xmx512m", "-jar", jar, "--server.port=0"));
		command.addAll(USERS);
		command.addAll(List.of(arguments));
		JavaProcess process = JavaProcess.start(directory, command);
		int port = await().atMost(Duration.ofMinutes(2))
			.until(() -> portOf(process), (found) -> found > 0 || !process.process().isAlive());
		assertThat(port).as(process.output()).isPositive();
		await().atMost(Duration.ofMinutes(1))
			.until(() -> process.output().contains("Started LonghaulApplication") || !process.process().isAlive());
		assertThat(process.process().isAlive()).as(process.output()).isTrue();
		return new LonghaulJar(process, directory, port);
	}

	private static int portOf(JavaProcess process) {
		Matcher matcher = PORT.matcher(process.output());
		return matcher.find() ? Integer.parseInt(matcher.group(1)) : 0;
	}

	/**
	 * A client of its API, as the test admin.
	 * @return the client
	 */
	public RestTestClient http() {
		return TestClients.as(this.port, "admin");
	}

	/**
	 * Reads a resource of its API, as the test admin.
	 * @param path the path, with its query
	 * @return the response's body
	 */
	public String get(String path) {
		return http().get().uri(path).exchange().returnResult(String.class).getResponseBody();
	}

	/**
	 * What it printed so far.
	 * @return its output
	 */
	public String output() {
		return this.process.output();
	}

	/**
	 * Sends SIGTERM, as a platform stops an instance, and waits for the process to end.
	 * @return its exit code
	 */
	public int sigterm() throws InterruptedException {
		this.process.process().destroy();
		return this.process.waitFor(Duration.ofSeconds(90));
	}

	/** Kills the process with SIGKILL: no shutdown hook, no flush, like a crash. */
	public void sigkill() throws InterruptedException {
		this.process.kill();
	}

	/**
	 * Its H2 database, to read once the process has ended (H2 locks the file while it
	 * runs). Its user is the empty one: the shipped settings name none.
	 * @param directory the working directory it ran in
	 * @return a data source on its database file
	 */
	public static DataSource database(Path directory) {
		return new DriverManagerDataSource("jdbc:h2:file:" + directory.resolve("data/longhaul").toAbsolutePath()
				+ ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH", "", "");
	}

	@Override
	public void close() throws InterruptedException {
		this.process.close();
	}

}
