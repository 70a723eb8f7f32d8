package dev.longhaul.worker;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.longhaul.support.JavaProcess;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code on-error=stop-application} closes the application and exits the JVM with a
 * non-zero code, which only a real process can show.
 */
class StopApplicationPolicyTest {

	@Test
	void failingWorkerWithStopApplicationPolicyExitsTheJvmWithCode70(@TempDir Path dir) throws Exception {
		try (JavaProcess app = JavaProcess.start(dir,
				List.of("-cp", JavaProcess.testClassPath(), "-Xmx256m", FailingWorkerApplication.class.getName(),
						"--server.port=0", "--longhaul.workers.doomed.on-error=stop-application"))) {

			int exitCode = app.waitFor(Duration.ofSeconds(90));

			assertThat(exitCode).as(app.output()).isEqualTo(ApplicationTerminator.EXIT_CODE);
			assertThat(app.output()).contains("Worker 'doomed' failed (attempt 1); on-error=stop-application")
				.contains("Stopping the application with exit code 70: worker 'doomed' failed")
				.contains("failed before shutdown: doomed; interrupted: none");
		}
		assertThat(Files.list(dir)).isEmpty();
	}

}
