package dev.longhaul;

import io.micrometer.registry.otlp.OtlpMeterRegistry;
import io.opentelemetry.sdk.logs.export.LogRecordExporter;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.http.MediaType;

import dev.longhaul.queue.Job;
import dev.longhaul.queue.JobQueries;
import dev.longhaul.queue.JobStatus;
import dev.longhaul.support.TestClients;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The application as it runs by default, with tracing on and no OTLP endpoint: requests
 * and jobs are traced (a job stores its request's trace context), yet no exporter exists,
 * and neither its start nor an email sent logs an error or an export failure. Started
 * with {@link SpringApplicationBuilder}, not as a test context, whose tracing Spring Boot
 * switches off.
 */
@ExtendWith(OutputCaptureExtension.class)
class TelemetryWithoutBackendTest {

	@Test
	void withNoOtlpEndpointNothingIsExportedAndNeitherStartNorASendLogsAnError(CapturedOutput output) {
		try (ConfigurableApplicationContext context = new SpringApplicationBuilder(LonghaulApplication.class)
			.run("--server.port=0", "--spring.jmx.enabled=false")) {
			assertThat(context.getBeanNamesForType(SpanExporter.class)).isEmpty();
			assertThat(context.getBeanNamesForType(LogRecordExporter.class)).isEmpty();
			assertThat(context.getBeanNamesForType(OtlpMeterRegistry.class)).isEmpty();
			int port = context.getEnvironment().getRequiredProperty("local.server.port", Integer.class);
			String body = TestClients.as(port, "admin")
				.post()
				.uri("/api/emails")
				.contentType(MediaType.APPLICATION_JSON)
				.body("{\"to\": [\"ada@example.com\"], \"text\": \"hi\"}")
				.exchange()
				.returnResult(String.class)
				.getResponseBody();
			long id = Long.parseLong(body.replaceAll("(?s).*\"id\":(\\d+).*", "$1"));
			JobQueries jobs = context.getBean(JobQueries.class);
			await().until(() -> jobs.find(id).map(Job::status).orElseThrow() == JobStatus.SUCCEEDED);

			assertThat(jobs.find(id).orElseThrow().traceParent()).as("traced, though nothing exports")
				.matches("00-[0-9a-f]{32}-[0-9a-f]{16}-01");
		}
		assertThat(output.getAll()).doesNotContainPattern(" ERROR \\d+ ---").doesNotContainIgnoringCase("export");
	}

}
