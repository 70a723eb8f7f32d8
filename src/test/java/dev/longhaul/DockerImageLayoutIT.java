package dev.longhaul;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.test.web.servlet.client.EntityExchangeResult;
import org.springframework.test.web.servlet.client.RestTestClient;
import org.springframework.util.FileSystemUtils;

import dev.longhaul.support.FakeSmtpServer;
import dev.longhaul.support.JavaProcess;
import dev.longhaul.support.TestClients;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Builds the Docker image's file layout from the packaged jar without Docker: extracts
 * the layers as the Dockerfile does, copies them in the Dockerfile's order, starts its
 * ENTRYPOINT with its JAVA_TOOL_OPTIONS and environment (production mode: it refuses to
 * start without users), then with users and an SMTP server as a deployment gives them,
 * and probes health.
 */
class DockerImageLayoutIT {

	private static final Pattern LAYER_COPY = Pattern.compile("^COPY --from=build /build/extracted/([a-z-]+)/ \\./$");

	private static final Pattern ENTRYPOINT = Pattern.compile("^ENTRYPOINT \\[(.*)]$");

	private static final Pattern TOOL_OPTIONS = Pattern.compile("^ENV JAVA_TOOL_OPTIONS=\"(.*)\"$");

	private static final Pattern ENVIRONMENT = Pattern.compile("^ENV (?!JAVA_TOOL_OPTIONS=)([A-Z_]+=\\S*)$");

	private static final Pattern PORT = Pattern.compile("Tomcat started on port (\\d+)");

	private final FakeSmtpServer smtp = new FakeSmtpServer();

	@AfterEach
	void stopSmtp() throws IOException {
		this.smtp.close();
	}

	@Test
	void extractedLayersStartWithTheDockerfileEntrypointAndReportHealthy(@TempDir Path dir) throws Exception {
		List<String> dockerfile = Files.readAllLines(Path.of(System.getProperty("longhaul.dockerfile")));
		List<String> layers = matches(dockerfile, LAYER_COPY);
		List<String> entrypoint = List.of(matches(dockerfile, ENTRYPOINT).get(0).replace("\"", "").split(",\\s*"));
		String toolOptions = matches(dockerfile, TOOL_OPTIONS).get(0);
		Map<String, String> environment = matches(dockerfile, ENVIRONMENT).stream()
			.map((variable) -> variable.split("=", 2))
			.collect(Collectors.toMap((variable) -> variable[0], (variable) -> variable[1]));
		assertThat(layers).containsExactly("dependencies", "spring-boot-loader", "snapshot-dependencies",
				"application");
		assertThat(entrypoint.get(0)).isEqualTo("java");
		assertThat(environment).as("the image starts in production mode").containsEntry("LONGHAUL_DEV_MODE", "false");

		Path extracted = dir.resolve("extracted");
		try (JavaProcess extract = JavaProcess.start(dir, List.of("-Djarmode=tools", "-jar",
				System.getProperty("longhaul.jar"), "extract", "--layers", "--destination", extracted.toString()))) {
			assertThat(extract.waitFor(Duration.ofMinutes(1))).as(extract.output()).isZero();
		}
		Path app = Files.createDirectories(dir.resolve("app"));
		for (String layer : layers) {
			copyInto(extracted.resolve(layer), app);
		}

		List<String> command = new ArrayList<>(List.of(toolOptions.split(" ")));
		command.addAll(entrypoint.subList(1, entrypoint.size()));
		command.add("--server.port=0");
		command.addAll(List.of("--spring.mail.host=127.0.0.1", "--spring.mail.port=" + this.smtp.port()));
		try (JavaProcess withoutUsers = JavaProcess.start(app, command, environment)) {
			assertThat(withoutUsers.waitFor(Duration.ofMinutes(2))).as("without users the image refuses to start")
				.isNotZero();
			assertThat(withoutUsers.output()).contains("No users configured, and development mode is off")
				.doesNotContain("generated user 'admin'");
		}
		// What a deployment gives it: users (a bcrypt hash) as well as the SMTP server.
		command.addAll(List.of("--longhaul.security.users[0].name=admin",
				"--longhaul.security.users[0].password=" + new BCryptPasswordEncoder().encode("admin-secret"),
				"--longhaul.security.users[0].role=admin"));
		try (JavaProcess longhaul = JavaProcess.start(app, command, environment)) {
			int port = await().atMost(Duration.ofMinutes(2))
				.until(() -> portOf(longhaul), (found) -> found > 0 || !longhaul.process().isAlive());
			assertThat(port).as(longhaul.output()).isPositive();
			RestTestClient anonymous = TestClients.as(port, null);

			EntityExchangeResult<String> health = anonymous.get()
				.uri("/actuator/health")
				.exchange()
				.returnResult(String.class);
			assertThat(health.getStatus().value()).as(health.getResponseBody()).isEqualTo(200);
			anonymous.get().uri("/livez").exchange().expectStatus().isOk();
			anonymous.get().uri("/readyz").exchange().expectStatus().isOk();
			int mailbox = TestClients.as(port, "admin")
				.get()
				.uri("/api/dev/mailbox")
				.exchange()
				.returnResult(String.class)
				.getStatus()
				.value();
			assertThat(mailbox).as("no dev mailbox").isEqualTo(404);
			assertThat(longhaul.output()).doesNotContain("Development mode is on");

			longhaul.process().destroy();
			longhaul.waitFor(Duration.ofSeconds(60));
			assertThat(longhaul.output()).contains("Graceful shutdown complete");
		}
	}

	private static int portOf(JavaProcess process) {
		Matcher matcher = PORT.matcher(process.output());
		return matcher.find() ? Integer.parseInt(matcher.group(1)) : 0;
	}

	private static List<String> matches(List<String> lines, Pattern pattern) {
		return lines.stream()
			.map(pattern::matcher)
			.filter(Matcher::matches)
			.map((matcher) -> matcher.group(1))
			.toList();
	}

	private static void copyInto(Path layer, Path target) throws IOException {
		try (Stream<Path> files = Files.list(layer)) {
			for (Path file : files.toList()) {
				FileSystemUtils.copyRecursively(file, target.resolve(file.getFileName().toString()));
			}
		}
	}

}
