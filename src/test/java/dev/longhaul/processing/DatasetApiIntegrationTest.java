package dev.longhaul.processing;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
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

import dev.longhaul.email.DevMailServer;
import dev.longhaul.support.Http;
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

	Http http;

	@BeforeEach
	void setUp() {
		this.http = new Http(this.port);
		processors().stream().filter((w) -> w.state() == WorkerState.PAUSED).forEach(LoopWorker::resume);
	}

	private List<LoopWorker> processors() {
		return this.workers.stream().filter((worker) -> worker.name().equals("data-processor")).toList();
	}

	@Test
	void uploadedCsvIsProcessedAndItsReportAndCompletionEmailFollow() {
		HttpResponse<String> upload = uploadCsv("?name=people.csv&notify=ada@example.com", CSV);

		assertThat(upload.statusCode()).isEqualTo(202);
		long id = idOf(upload.body());
		assertThat(upload.headers().firstValue("Location")).contains("/api/datasets/" + id);
		await().until(() -> this.http.get("/api/datasets/" + id).body().contains("\"status\":\"SUCCEEDED\""));
		String view = this.http.get("/api/datasets/" + id).body();
		assertThat(view).contains("\"percent\":100.0", "\"rowsProcessed\":3",
				"\"report\":\"/api/datasets/" + id + "/report\"");
		HttpResponse<String> report = this.http.get("/api/datasets/" + id + "/report");
		assertThat(report.statusCode()).isEqualTo(200);
		assertThat(report.body()).contains("\"rows\":3", "\"malformedRows\":0", "\"name\":\"score\"",
				"\"type\":\"DECIMAL\"", "\"mean\":8.25", "\"type\":\"DATE\"", "\"earliest\":\"2020-01-02\"",
				"\"type\":\"BOOLEAN\"", "{\"value\":\"Lovelace, A\",\"count\":1",
				"\"distinct\":2,\"distinctExact\":true,\"distinctError\":0.0");
		await().until(() -> this.mail.messages()
			.stream()
			.anyMatch((message) -> "Dataset 'people.csv' is ready".equals(message.subject())));
		HttpResponse<String> csv = this.http
			.send(HttpRequest.newBuilder(uri("/api/datasets/" + id + "/report")).header("Accept", "text/csv").GET());
		assertThat(csv.headers().firstValue("Content-Type")).hasValueSatisfying((type) -> type.startsWith("text/csv"));
		assertThat(csv.body()).startsWith("column,type,count,empty,distinct,distinct_exact,distinct_error,min,max,mean")
			.contains("score,decimal,2,1,2,true,0.0,7.0,9.5,8.25", "\"Ada=1; Bob=1; Lovelace, A=1\"");
		assertThat(this.http.get("/actuator/prometheus").body()).contains("longhaul_processing_rows_total",
				"longhaul_processing_bytes_total", "longhaul_processing_chunk_seconds_count",
				"longhaul_jobs_ended_total{queue=\"dataset\",status=\"succeeded\",type=\"dataset\"}",
				"longhaul_queue_jobs{queue=\"dataset\",status=\"succeeded\"}");
	}

	@Test
	void anOperatorsIdempotencyKeyNamedAsADatasetsCompletionEmailDoesNotStopTheDataset() {
		processors().forEach((worker) -> worker.pause("test"));
		long id = idOf(uploadCsv("?name=squatted.csv&notify=ada@example.com", CSV).body());
		HttpResponse<String> squatter = Http.as(this.port, "operator")
			.postJson("/api/emails", "{\"to\": [\"eve@example.com\"], \"text\": \"first\"}", "Idempotency-Key",
					"dataset-" + id + "-report");
		assertThat(squatter.statusCode()).isEqualTo(202);

		processors().forEach(LoopWorker::resume);

		await().until(() -> this.http.get("/api/datasets/" + id).body().contains("\"status\":\"SUCCEEDED\""));
		await().until(() -> this.mail.messages()
			.stream()
			.anyMatch((message) -> "Dataset 'squatted.csv' is ready".equals(message.subject())
					&& message.to().contains("ada@example.com")));
	}

	@Test
	void multipartUploadIsAcceptedToo() {
		HttpResponse<String> upload = this.http.send(HttpRequest.newBuilder(uri("/api/datasets"))
			.header("Content-Type", "multipart/form-data; boundary=XyZ")
			.POST(HttpRequest.BodyPublishers.ofString("--XyZ\r\nContent-Disposition: form-data; name=\"file\"; "
					+ "filename=\"upload.csv\"\r\nContent-Type: text/csv\r\n\r\n" + CSV + "\r\n--XyZ--\r\n")));

		assertThat(upload.statusCode()).isEqualTo(202);
		assertThat(upload.body()).contains("\"name\":\"upload.csv\"");
		long id = idOf(upload.body());
		await().until(() -> this.http.get("/api/datasets/" + id).body().contains("\"status\":\"SUCCEEDED\""));
	}

	@Test
	void reportIs409UntilProcessedAndAQueuedDatasetCanBeCancelledAndDeleted() throws IOException {
		processors().forEach((worker) -> worker.pause("test"));
		long id = idOf(uploadCsv("", CSV).body());
		Path file = Path
			.of(this.jdbc.sql("SELECT file_path FROM datasets WHERE id = ?").param(id).query(String.class).single());

		assertThat(this.http.get("/api/datasets?status=QUEUED&size=100").body()).contains("\"id\":" + id + ",");
		assertThat(this.http.get("/api/datasets?status=SUCCEEDED&size=100").body())
			.doesNotContain("\"id\":" + id + ",");
		HttpResponse<String> report = this.http.get("/api/datasets/" + id + "/report");
		assertThat(report.statusCode()).isEqualTo(409);
		assertThat(report.body()).contains("is QUEUED");

		HttpResponse<String> cancelled = this.http.post("/api/datasets/" + id + "/cancel");
		assertThat(cancelled.statusCode()).isEqualTo(200);
		assertThat(cancelled.body()).contains("\"status\":\"CANCELLED\"");
		assertThat(this.http.post("/api/datasets/" + id + "/cancel").statusCode()).isEqualTo(409);
		assertThat(this.http.get("/api/datasets?status=CANCELLED&size=100").body()).contains("\"id\":" + id + ",")
			.containsPattern("\"total\":[1-9]");

		assertThat(Files.exists(file)).isTrue();
		assertThat(this.http.send(HttpRequest.newBuilder(uri("/api/datasets/" + id)).DELETE()).statusCode())
			.isEqualTo(204);
		assertThat(Files.exists(file)).isFalse();
		assertThat(this.http.get("/api/datasets/" + id).statusCode()).isEqualTo(404);
	}

	@Test
	void fileThatIsNotCsvFailsWithAClearError() {
		long id = idOf(uploadCsv("", "\u0000\u0001\u0002binary\u0000").body());

		await().until(() -> this.http.get("/api/datasets/" + id).body().contains("\"status\":\"FAILED\""));
		assertThat(this.http.get("/api/datasets/" + id).body()).contains("\"error\":\"");
	}

	@Test
	void uploadOverTheLimitIsRefusedWith413BeforeItIsRead() throws IOException {
		long before = datasetCount();

		String response = rawRequest("POST /api/datasets HTTP/1.1\r\nHost: localhost\r\nContent-Type: text/csv\r\n"
				+ "Authorization: " + Http.basic("operator", "operator" + Http.PASSWORD_SUFFIX) + "\r\n"
				+ "Content-Length: 5000000000\r\nConnection: close\r\n\r\nid\r\n1\r\n");

		assertThat(response).startsWith("HTTP/1.1 413").contains("application/problem+json", "larger than the limit");
		assertThat(datasetCount()).isEqualTo(before);
	}

	@Test
	void badParametersAreRefusedAndNothingIsStored() {
		long before = datasetCount();

		assertThat(uploadCsv("?delimiter=ab", CSV).body()).contains("\"field\":\"delimiter\"");
		assertThat(uploadCsv("?notify=not-an-address", CSV).body()).contains("\"field\":\"notify\"");
		assertThat(uploadCsv("?delimiter=%22", CSV).statusCode()).isEqualTo(400);
		assertThat(this.http
			.send(HttpRequest.newBuilder(uri("/api/datasets"))
				.header("Content-Type", "text/csv; charset=ISO-8859-1")
				.POST(HttpRequest.BodyPublishers.ofString(CSV)))
			.body()).contains("must be UTF-8");
		assertThat(this.http.get("/api/datasets/424242").statusCode()).isEqualTo(404);
		assertThat(this.http.get("/api/datasets/424242/report").statusCode()).isEqualTo(404);
		assertThat(this.http.get("/api/datasets?size=0").statusCode()).isEqualTo(400);
		assertThat(this.http.get("/api/datasets?status=DONE").statusCode()).isEqualTo(400);
		assertThat(this.http.postJson("/api/datasets", "{}").statusCode()).isEqualTo(415);
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

		HttpResponse<String> inQuery = uploadCsv("?notify=" + URLEncoder.encode(longName, StandardCharsets.UTF_8), CSV);
		HttpResponse<String> longerThanStored = uploadCsv(
				"?notify=" + URLEncoder.encode(longEntry, StandardCharsets.UTF_8), CSV);
		HttpResponse<String> inPart = this.http.send(HttpRequest.newBuilder(uri("/api/datasets"))
			.header("Content-Type", "multipart/form-data; boundary=XyZ")
			.POST(HttpRequest.BodyPublishers.ofString("--XyZ\r\nContent-Disposition: form-data; name=\"notify\"\r\n\r\n"
					+ longName + "\r\n--XyZ\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.csv\"\r\n"
					+ "Content-Type: text/csv\r\n\r\n" + CSV + "\r\n--XyZ--\r\n")));

		for (HttpResponse<String> refused : List.of(inQuery, longerThanStored, inPart)) {
			assertThat(refused.statusCode()).isEqualTo(400);
			assertThat(refused.headers().firstValue("Content-Type")).contains("application/problem+json");
			assertThat(refused.body()).contains("\"field\":\"notify\"");
		}
		assertThat(inQuery.body()).contains("display name must be at most 200 characters");
		assertThat(longerThanStored.body()).contains("at most 320 characters");
		assertThat(datasetCount()).isEqualTo(before);
	}

	@Test
	void listShowsDatasetsNewestFirst() {
		long first = idOf(uploadCsv("?name=a.csv", CSV).body());
		long second = idOf(uploadCsv("?name=b.csv", CSV).body());

		String page = this.http.get("/api/datasets?size=100").body();

		assertThat(page.indexOf("\"id\":" + second + ",")).isLessThan(page.indexOf("\"id\":" + first + ","));
	}

	private HttpResponse<String> uploadCsv(String query, String csv) {
		return this.http.send(HttpRequest.newBuilder(uri("/api/datasets" + query))
			.header("Content-Type", "text/csv")
			.POST(HttpRequest.BodyPublishers.ofString(csv)));
	}

	private URI uri(String path) {
		return URI.create("http://localhost:" + this.port + path);
	}

	private String rawRequest(String request) throws IOException {
		return Http.raw(this.port, request);
	}

	private long datasetCount() {
		return this.jdbc.sql("SELECT COUNT(*) FROM datasets").query(Long.class).single();
	}

	private static long idOf(String json) {
		return Long.parseLong(json.replaceAll("(?s)^\\{\"id\":(\\d+).*$", "$1"));
	}

}
