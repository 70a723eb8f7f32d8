package dev.longhaul;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.data.SpanData;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.logging.logback.StructuredLogEncoder;
import org.springframework.boot.micrometer.tracing.test.autoconfigure.AutoConfigureTracing;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.client.RestTestClient;

import dev.longhaul.support.FakeSmtpServer;
import dev.longhaul.support.TestClients;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Tracing through the queue and structured logs, end to end: one {@code POST /api/emails}
 * whose first SMTP try is refused for now (451) is one trace, from the HTTP request
 * through the enqueue, both runs of its job and both SMTP sends; and the failed try,
 * logged in Spring Boot's ECS format, carries the job's keys and its trace. Spans are
 * read from an in-memory exporter; no OTLP endpoint is set.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "spring.mail.host=127.0.0.1", "longhaul.jobs.email.retry.initial=2s",
				"longhaul.jobs.email.retry.jitter=0", "longhaul.workers.email-sender.idle-delay=200ms" })
@AutoConfigureTracing
@Import(TracesAndLogsIntegrationTest.InMemorySpans.class)
@ExtendWith(OutputCaptureExtension.class)
class TracesAndLogsIntegrationTest {

	private static final String LATER = "451 4.3.0 Try again later";

	private static final String QUEUED = "250 2.0.0 Ok: queued";

	private static final FakeSmtpServer smtp = new FakeSmtpServer();

	@LocalServerPort
	int port;

	@Autowired
	InMemorySpanExporter spans;

	@Autowired
	JdbcClient jdbc;

	@DynamicPropertySource
	static void smtpPort(DynamicPropertyRegistry properties) {
		properties.add("spring.mail.port", smtp::port);
	}

	@AfterAll
	static void closeSmtp() throws IOException {
		smtp.close();
	}

	@Test
	void onePostedEmailIsOneTraceFromTheRequestThroughEveryTryOfItsJobToTheSmtpSends(CapturedOutput output) {
		long id = postEmailWhoseFirstTryFails();

		List<SpanData> runs = await().atMost(Duration.ofSeconds(30))
			.until(() -> withAttribute("job.id", String.valueOf(id)), (found) -> found.size() == 2);
		runs = runs.stream().sorted(Comparator.comparing((run) -> attribute(run, "job.attempt"))).toList();
		String traceId = runs.get(0).getTraceId();
		SpanData enqueue = inTrace(traceId).stream()
			.filter((span) -> span.getName().equals("enqueue email"))
			.findFirst()
			.orElseThrow();
		SpanData server = inTrace(traceId).stream()
			.filter((span) -> span.getKind() == SpanKind.SERVER)
			.findFirst()
			.orElseThrow();
		List<SpanData> sends = await().atMost(Duration.ofSeconds(30))
			.until(() -> inTrace(traceId).stream().filter((span) -> span.getName().equals("smtp send")).toList(),
					(found) -> found.size() == 2);

		assertThat(server.getName()).isEqualTo("http post /api/emails");
		assertThat(ancestors(enqueue)).as("the enqueue is part of the request").contains(server.getSpanId());
		assertThat(enqueue.getKind()).isEqualTo(SpanKind.PRODUCER);
		assertThat(runs).allSatisfy((run) -> {
			assertThat(run.getTraceId()).isEqualTo(traceId);
			assertThat(run.getParentSpanId()).as("every try is a child of the enqueue").isEqualTo(enqueue.getSpanId());
			assertThat(run.getKind()).isEqualTo(SpanKind.CONSUMER);
			assertThat(run.getName()).isEqualTo("email run");
		});
		assertThat(runs).extracting((run) -> attribute(run, "job.attempt")).containsExactly("1", "2");
		assertThat(runs).extracting((run) -> attribute(run, "outcome")).containsExactly("retry", "done");
		assertThat(runs.get(0).getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
		assertThat(runs.get(1).getStatus().getStatusCode()).isNotEqualTo(StatusCode.ERROR);
		assertThat(sends).extracting(SpanData::getParentSpanId)
			.containsExactlyInAnyOrder(runs.get(0).getSpanId(), runs.get(1).getSpanId());
		assertThat(sends).extracting((send) -> attribute(send, "outcome"))
			.containsExactlyInAnyOrder("retry_later", "sent");
		assertThat(this.jdbc.sql("SELECT trace_parent FROM jobs WHERE id = ?").param(id).query(String.class).single())
			.as("the context stored with the job: the enqueue's span, sampled")
			.isEqualTo("00-" + traceId + "-" + enqueue.getSpanId() + "-01");
		assertThat(output.getAll()).as("nothing exported over OTLP, nothing logged as an error")
			.doesNotContainPattern(" ERROR \\d+ ---")
			.doesNotContainIgnoringCase("export");
	}

	@Test
	void aFailedTryLoggedAsJsonCarriesTheKeysOfItsJobAndItsTrace() {
		List<String> lines = new CopyOnWriteArrayList<>();
		Logger executor = (Logger) LoggerFactory.getLogger("dev.longhaul.queue.JobExecutor");
		JsonAppender appender = new JsonAppender(lines);
		executor.addAppender(appender);
		long id;
		try {
			id = postEmailWhoseFirstTryFails();
		}
		finally {
			executor.detachAppender(appender);
			appender.stop();
		}

		JsonNode line = lines.stream()
			.map((json) -> JsonMapper.builder().build().readTree(json))
			.filter((json) -> json.path("message").asString().contains("failed on try 1"))
			.filter((json) -> json.path("jobId").asString().equals(String.valueOf(id)))
			.findFirst()
			.orElseThrow();
		String traceParent = this.jdbc.sql("SELECT trace_parent FROM jobs WHERE id = ?")
			.param(id)
			.query(String.class)
			.single();
		assertThat(fields(line)).containsEntry("worker", "email-sender")
			.containsEntry("queue", "email")
			.containsEntry("jobType", "email")
			.containsEntry("attempt", "1")
			.containsEntry("emailId", String.valueOf(id))
			.containsEntry("traceId", traceParent.substring(3, 35))
			.containsKeys("instance", "spanId");
		assertThat(line.path("log").path("level").asString()).isEqualTo("WARN");
	}

	/**
	 * Posts an email whose first SMTP try gets a 451, and waits until its retry sent it.
	 */
	private long postEmailWhoseFirstTryFails() {
		smtp.replyToEndOfData(LATER);
		RestTestClient admin = TestClients.as(this.port, "admin");
		String body = admin.post()
			.uri("/api/emails")
			.contentType(MediaType.APPLICATION_JSON)
			.body("{\"to\": [\"ada@example.com\"], \"text\": \"traced\"}")
			.exchange()
			.returnResult(String.class)
			.getResponseBody();
		long id = Long.parseLong(body.replaceAll("(?s).*\"id\":(\\d+).*", "$1"));
		await().until(() -> attempts(id) == 1);
		smtp.replyToEndOfData(QUEUED);
		await().atMost(Duration.ofSeconds(30))
			.until(() -> admin.get()
				.uri("/api/emails/" + id)
				.exchange()
				.returnResult(String.class)
				.getResponseBody()
				.contains("\"SENT\""));
		return id;
	}

	private int attempts(long id) {
		return this.jdbc.sql("SELECT attempts FROM jobs WHERE id = ?").param(id).query(Integer.class).single();
	}

	private List<SpanData> withAttribute(String key, String value) {
		return this.spans.getFinishedSpanItems().stream().filter((span) -> value.equals(attribute(span, key))).toList();
	}

	private List<SpanData> inTrace(String traceId) {
		return this.spans.getFinishedSpanItems().stream().filter((span) -> span.getTraceId().equals(traceId)).toList();
	}

	private List<String> ancestors(SpanData span) {
		Map<String, SpanData> byId = new HashMap<>();
		inTrace(span.getTraceId()).forEach((each) -> byId.put(each.getSpanId(), each));
		List<String> ancestors = new ArrayList<>();
		SpanData parent = byId.get(span.getParentSpanId());
		while (parent != null) {
			ancestors.add(parent.getSpanId());
			parent = byId.get(parent.getParentSpanId());
		}
		return ancestors;
	}

	private static String attribute(SpanData span, String key) {
		return span.getAttributes().get(AttributeKey.stringKey(key));
	}

	private static Map<String, String> fields(JsonNode line) {
		Map<String, String> fields = new HashMap<>();
		line.properties()
			.stream()
			.filter((field) -> field.getValue().isValueNode())
			.forEach((field) -> fields.put(field.getKey(), field.getValue().asString()));
		return fields;
	}

	@TestConfiguration(proxyBeanMethods = false)
	static class InMemorySpans {

		@Bean
		InMemorySpanExporter inMemorySpanExporter() {
			return InMemorySpanExporter.create();
		}

	}

	/**
	 * Formats each event as Spring Boot's structured console logging does with
	 * {@code logging.structured.format.console=ecs}, on the thread that logs it (where
	 * its MDC is).
	 */
	private static final class JsonAppender extends AppenderBase<ILoggingEvent> {

		private final List<String> lines;

		private final StructuredLogEncoder encoder = new StructuredLogEncoder();

		JsonAppender(List<String> lines) {
			this.lines = lines;
			LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
			setContext(context);
			this.encoder.setContext(context);
			this.encoder.setFormat("ecs");
			this.encoder.setCharset(StandardCharsets.UTF_8);
			this.encoder.start();
			start();
		}

		@Override
		protected void append(ILoggingEvent event) {
			this.lines.add(new String(this.encoder.encode(event), StandardCharsets.UTF_8));
		}

	}

}
