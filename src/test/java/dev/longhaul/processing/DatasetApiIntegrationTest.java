package dev.longhaul.processing;

import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.client.EntityExchangeResult;
import org.springframework.test.web.servlet.client.RestTestClient;

import dev.longhaul.email.DevMailServer;
import dev.longhaul.support.RawHttp;
import dev.longhaul.support.TestClients;
import dev.longhaul.worker.LoopWorker;
import dev.longhaul.worker.WorkerState;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The dataset API end to end: upload, processing by the data-processor workers, progress,
 * report, completion email, cancel, delete, and the refusals.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class DatasetApiIntegrationTest {

	private static final String CSV = "id,name,score,joined,active\r\n1,Ada,9.5,2020-01-02,true\r\n"
			+ "2,\"Lovelace, A\",7,2021-03-04,false\r\n3,Bob,,2022-05-06,true\r\n";

	@LocalServerPort
	int port;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	DevMailServer mail;

	@Autowired
	List<LoopWorker> workers;

	RestTestClient admin;

	@BeforeEach
	void setUp() {
		this.admin = TestClients.as(this.port, "admin");
		processors().stream().filter((w) -> w.state() == WorkerState.PAUSED).forEach(LoopWorker::resume);
	}

	private List<LoopWorker> processors() {
		return this.workers.stream().filter((worker) -> worker.name().equals("data-processor")).toList();
	}

	@Test
	void uploadedCsvIsProcessedAndItsReportAndCompletionEmailFollow() {
		EntityExchangeResult<String> upload = uploadCsv("?name=people.csv&notify=ada@example.com", CSV);

		assertThat(upload.getStatus().value()).isEqualTo(202);
		long id = idOf(upload.getResponseBody());
		assertThat(upload.getResponseHeaders().getFirst("Location")).isEqualTo("/api/datasets/" + id);
		await().until(() -> get("/api/datasets/" + id).getResponseBody().contains("\"status\":\"SUCCEEDED\""));
		String view = get("/api/datasets/" + id).getResponseBody();
		assertThat(view).contains("\"percent\":100.0", "\"rowsProcessed\":3",
				"\"report\":\"/api/datasets/" + id + "/report\"");
		EntityExchangeResult<String> report = get("/api/datasets/" + id + "/report");
		assertThat(report.getStatus().value()).isEqualTo(200);
		assertThat(report.getResponseBody()).contains("\"rows\":3", "\"malformedRows\":0", "\"name\":\"score\"",
				"\"type\":\"DECIMAL\"", "\"mean\":8.25", "\"type\":\"DATE\"", "\"earliest\":\"2020-01-02\"",
				"\"type\":\"BOOLEAN\"", "{\"value\":\"Lovelace, A\",\"count\":1",
				"\"distinct\":2,\"distinctExact\":true,\"distinctError\":0.0");
		await().until(() -> this.mail.messages()
			.stream()
			.anyMatch((message) -> "Dataset 'people.csv' is ready".equals(message.subject())));
		EntityExchangeResult<String> csv = this.admin.get()
			.uri("/api/datasets/" + id + "/report")
			.header("Accept", "text/csv")
			.exchange()
			.returnResult(String.class);
		assertThat(csv.getResponseHeaders().getFirst("Content-Type")).startsWith("text/csv");
		assertThat(csv.getResponseBody())
			.startsWith("column,type,count,empty,distinct,distinct_exact,distinct_error,min,max,mean")
			.contains("score,decimal,2,1,2,true,0.0,7.0,9.5,8.25", "\"Ada=1; Bob=1; Lovelace, A=1\"");
		assertThat(get("/actuator/prometheus").getResponseBody()).contains("longhaul_processing_rows_total",
				"longhaul_processing_bytes_total", "longhaul_processing_chunk_seconds_count",
				"longhaul_jobs_ended_total{queue=\"dataset\",status=\"succeeded\",type=\"dataset\"}",
				"longhaul_queue_jobs{queue=\"dataset\",status=\"succeeded\"}");
	}

	@Test
	void anOperatorsIdempotencyKeyNamedAsADatasetsCompletionEmailDoesNotStopTheDataset() {
		processors().forEach((worker) -> worker.pause("test"));
		long id = idOf(uploadCsv("?name=squatted.csv&notify=ada@example.com", CSV).getResponseBody());
		EntityExchangeResult<String> squatter = TestClients.postJson(TestClients.as(this.port, "operator"),
				"/api/emails", "{\"to\": [\"eve@example.com\"], \"text\": \"first\"}", "Idempotency-Key",
				"dataset-" + id + "-report");
		assertThat(squatter.getStatus().value()).isEqualTo(202);

		processors().forEach(LoopWorker::resume);

		await().until(() -> get("/api/datasets/" + id).getResponseBody().contains("\"status\":\"SUCCEEDED\""));
		await().until(() -> this.mail.messages()
			.stream()
			.anyMatch((message) -> "Dataset 'squatted.csv' is ready".equals(message.subject())
					&& message.to().contains("ada@example.com")));
	}

	@Test
	void multipartUploadIsAcceptedToo() {
		EntityExchangeResult<String> upload = upload("multipart/form-data; boundary=XyZ",
				"--XyZ\r\nContent-Disposition: form-data; name=\"file\"; "
						+ "filename=\"upload.csv\"\r\nContent-Type: text/csv\r\n\r\n" + CSV + "\r\n--XyZ--\r\n");

		assertThat(upload.getStatus().value()).isEqualTo(202);
		assertThat(upload.getResponseBody()).contains("\"name\":\"upload.csv\"");
		long id = idOf(upload.getResponseBody());
		await().until(() -> get("/api/datasets/" + id).getResponseBody().contains("\"status\":\"SUCCEEDED\""));
	}

	@Test
	void reportIs409UntilProcessedAndAQueuedDatasetCanBeCancelledAndDeleted() throws IOException {
		processors().forEach((worker) -> worker.pause("test"));
		long id = idOf(uploadCsv("", CSV).getResponseBody());
		Path file = Path
			.of(this.jdbc.sql("SELECT file_path FROM datasets WHERE id = ?").param(id).query(String.class).single());

		assertThat(get("/api/datasets?status=QUEUED&size=100").getResponseBody()).contains("\"id\":" + id + ",");
		assertThat(get("/api/datasets?status=SUCCEEDED&size=100").getResponseBody())
			.doesNotContain("\"id\":" + id + ",");
		EntityExchangeResult<String> report = get("/api/datasets/" + id + "/report");
		assertThat(report.getStatus().value()).isEqualTo(409);
		assertThat(report.getResponseBody()).contains("is QUEUED");

		EntityExchangeResult<String> cancelled = post("/api/datasets/" + id + "/cancel");
		assertThat(cancelled.getStatus().value()).isEqualTo(200);
		assertThat(cancelled.getResponseBody()).contains("\"status\":\"CANCELLED\"");
		assertThat(post("/api/datasets/" + id + "/cancel").getStatus().value()).isEqualTo(409);
		assertThat(get("/api/datasets?status=CANCELLED&size=100").getResponseBody()).contains("\"id\":" + id + ",")
			.containsPattern("\"total\":[1-9]");

		assertThat(Files.exists(file)).isTrue();
		this.admin.delete().uri("/api/datasets/" + id).exchange().expectStatus().isNoContent();
		assertThat(Files.exists(file)).isFalse();
		assertThat(get("/api/datasets/" + id).getStatus().value()).isEqualTo(404);
	}

	@Test
	void fileThatIsNotCsvFailsWithAClearError() {
		long id = idOf(uploadCsv("", "\u0000\u0001\u0002binary\u0000").getResponseBody());

		await().until(() -> get("/api/datasets/" + id).getResponseBody().contains("\"status\":\"FAILED\""));
		assertThat(get("/api/datasets/" + id).getResponseBody()).contains("\"error\":\"");
	}

	@Test
	void uploadOverTheLimitIsRefusedWith413BeforeItIsRead() throws IOException {
		long before = datasetCount();

		String response = RawHttp.unfinished(this.port,
				"POST /api/datasets HTTP/1.1\r\nHost: localhost\r\nContent-Type: text/csv\r\n" + "Authorization: "
						+ TestClients.basic("operator", TestClients.password("operator")) + "\r\n"
						+ "Content-Length: 5000000000\r\nConnection: close",
				"id\r\n1\r\n".getBytes(StandardCharsets.US_ASCII), false);

		assertThat(response).startsWith("HTTP/1.1 413").contains("application/problem+json", "larger than the limit");
		assertThat(datasetCount()).isEqualTo(before);
	}

	@Test
	void badParametersAreRefusedAndNothingIsStored() {
		long before = datasetCount();

		assertThat(uploadCsv("?delimiter=ab", CSV).getResponseBody()).contains("\"field\":\"delimiter\"");
		assertThat(uploadCsv("?notify=not-an-address", CSV).getResponseBody()).contains("\"field\":\"notify\"");
		assertThat(uploadCsv("?delimiter=%22", CSV).getStatus().value()).isEqualTo(400);
		assertThat(upload("text/csv; charset=ISO-8859-1", CSV).getResponseBody()).contains("must be UTF-8");
		assertThat(get("/api/datasets/424242").getStatus().value()).isEqualTo(404);
		assertThat(get("/api/datasets/424242/report").getStatus().value()).isEqualTo(404);
		assertThat(get("/api/datasets?size=0").getStatus().value()).isEqualTo(400);
		assertThat(get("/api/datasets?status=DONE").getStatus().value()).isEqualTo(400);
		assertThat(TestClients.postJson(this.admin, "/api/datasets", "{}").getStatus().value()).isEqualTo(415);
		assertThat(datasetCount()).isEqualTo(before);
	}

	@Test
	void longDisplayNameInNotifyIsRefusedWith400AndNothingIsStored() {
		long before = datasetCount();
		String longName = "\"" + "A".repeat(400) + "\" <ada@example.com>";
		// A display name within its limit, but more than the 320 characters the dataset
		// keeps.
		String longEntry = "\"" + "B".repeat(150) + "\" <" + "c".repeat(64) + "@" + "d".repeat(63) + "."
				+ "e".repeat(63) + ".example.com>";

		EntityExchangeResult<String> inQuery = uploadCsv(
				"?notify=" + URLEncoder.encode(longName, StandardCharsets.UTF_8), CSV);
		EntityExchangeResult<String> longerThanStored = uploadCsv(
				"?notify=" + URLEncoder.encode(longEntry, StandardCharsets.UTF_8), CSV);
		EntityExchangeResult<String> inPart = upload("multipart/form-data; boundary=XyZ",
				"--XyZ\r\nContent-Disposition: form-data; name=\"notify\"\r\n\r\n" + longName
						+ "\r\n--XyZ\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.csv\"\r\n"
						+ "Content-Type: text/csv\r\n\r\n" + CSV + "\r\n--XyZ--\r\n");

		for (EntityExchangeResult<String> refused : List.of(inQuery, longerThanStored, inPart)) {
			assertThat(refused.getStatus().value()).isEqualTo(400);
			assertThat(refused.getResponseHeaders().getFirst("Content-Type")).isEqualTo("application/problem+json");
			assertThat(refused.getResponseBody()).contains("\"field\":\"notify\"");
		}
		assertThat(inQuery.getResponseBody()).contains("display name must be at most 200 characters");
		assertThat(longerThanStored.getResponseBody()).contains("at most 320 characters");
		assertThat(datasetCount()).isEqualTo(before);
	}

	@Test
	void listShowsDatasetsNewestFirst() {
		long first = idOf(uploadCsv("?name=a.csv", CSV).getResponseBody());
		long second = idOf(uploadCsv("?name=b.csv", CSV).getResponseBody());

		String page = get("/api/datasets?size=100").getResponseBody();

		assertThat(page.indexOf("\"id\":" + second + ",")).isLessThan(page.indexOf("\"id\":" + first + ","));
	}

	private EntityExchangeResult<String> uploadCsv(String query, String csv) {
		return upload("/api/datasets" + query, "text/csv", csv);
	}

	private EntityExchangeResult<String> upload(String contentType, String body) {
		return upload("/api/datasets", contentType, body);
	}

	/** Posts the body as its UTF-8 bytes, whatever the content type says. */
	private EntityExchangeResult<String> upload(String path, String contentType, String body) {
		return this.admin.post()
			.uri(path)
			.header("Content-Type", contentType)
			.body(body.getBytes(StandardCharsets.UTF_8))
			.exchange()
			.returnResult(String.class);
	}

	private EntityExchangeResult<String> get(String path) {
		return this.admin.get().uri(path).exchange().returnResult(String.class);
	}

	private EntityExchangeResult<String> post(String path) {
		return this.admin.post().uri(path).exchange().returnResult(String.class);
	}

	private long datasetCount() {
		return this.jdbc.sql("SELECT COUNT(*) FROM datasets").query(Long.class).single();
	}

	private static long idOf(String json) {
		return Long.parseLong(json.replaceAll("(?s)^\\{\"id\":(\\d+).*$", "$1"));
	}

}
