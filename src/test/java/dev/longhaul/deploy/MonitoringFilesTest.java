package dev.longhaul.deploy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.client.EntityExchangeResult;
import org.springframework.test.web.servlet.client.RestTestClient;

import dev.longhaul.queue.JobStatus;
import dev.longhaul.support.TestClients;
import dev.longhaul.worker.Worker;
import dev.longhaul.worker.WorkerRegistry;
import dev.longhaul.worker.WorkerState;

import static dev.longhaul.deploy.DeployFiles.at;
import static dev.longhaul.deploy.DeployFiles.list;
import static dev.longhaul.deploy.DeployFiles.map;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The alert rules (deploy/prometheus/alerts.yml) and the Grafana dashboard
 * (deploy/grafana) name only series that a running Longhaul exposes at
 * {@code /actuator/prometheus}, with labels it sets and label values it can take, so no
 * rule waits forever on a misspelled name and no panel stays empty. The application has
 * sent an email first: some series appear only once a job ran.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class MonitoringFilesTest {

	static final String ALERTS = "deploy/prometheus/alerts.yml";

	static final String DASHBOARD = "deploy/grafana/dashboards/longhaul.json";

	/** Series Prometheus writes itself for each target. */
	private static final Set<String> PROMETHEUS_SERIES = Set.of("up");

	/** Labels Prometheus adds to every series of a target. */
	private static final Set<String> TARGET_LABELS = Set.of("job", "instance");

	private static final Pattern SIMPLE_ALTERNATIVES = Pattern.compile("[\\w.-]+(\\|[\\w.-]+)*");

	private static final Pattern LABEL_VALUES = Pattern.compile("label_values\\((.*),\\s*(\\w+)\\s*\\)");

	@LocalServerPort
	int port;

	@Autowired
	WorkerRegistry workers;

	@BeforeEach
	void resumeTheSender() {
		Worker sender = this.workers.find("email-sender").orElseThrow();
		if (sender.state() == WorkerState.PAUSED) {
			sender.resume();
		}
	}

	@Test
	void alertRulesCoverEachConditionOfIssue14AndAreWellFormed() {
		Map<String, Map<String, Object>> rules = alertRules();

		assertThat(rules).containsKeys("LonghaulWorkerFailed", "LonghaulWorkerStalled", "LonghaulOldestReadyJobTooOld",
				"LonghaulDeadJobs", "LonghaulEmailSenderPaused", "LonghaulInstanceDown", "LonghaulNoInstance");
		rules.forEach((name, rule) -> {
			assertThat(rule.get("expr")).as(name).isInstanceOf(String.class);
			assertThat(at(rule, "labels", "severity")).as(name).isIn("warning", "critical");
			assertThat(at(rule, "annotations", "summary")).as(name).isInstanceOf(String.class);
			if (rule.containsKey("for")) {
				assertThat(DeployFiles.dockerDuration(String.valueOf(rule.get("for")))).as(name).isPositive();
			}
		});
	}

	@Test
	void everySeriesLabelAndValueTheAlertRulesNameIsExposed() {
		Scrape scrape = scrapeAfterAnEmail();
		Map<String, String> expressions = new LinkedHashMap<>();
		alertRules().forEach((name, rule) -> expressions.put(name, String.valueOf(rule.get("expr"))));

		assertThat(problems(expressions, scrape)).isEmpty();
		assertThat(expressions.values().stream().flatMap((expression) -> PromQl.metricNames(expression).stream()))
			.as("metrics the rules watch")
			.contains("longhaul_worker_state", "longhaul_worker_last_success_age_seconds",
					"longhaul_queue_oldest_age_seconds", "longhaul_jobs_ended_total", "up");
	}

	@Test
	void everySeriesLabelAndValueTheDashboardNamesIsExposed() {
		Scrape scrape = scrapeAfterAnEmail();
		Map<String, String> expressions = dashboardExpressions();

		assertThat(expressions).hasSizeGreaterThan(20);
		assertThat(problems(expressions, scrape)).isEmpty();
		Set<String> shown = new HashSet<>();
		expressions.values().forEach((expression) -> shown.addAll(PromQl.metricNames(expression)));
		assertThat(shown).as("the dashboard shows every group of Longhaul metrics")
			.contains("longhaul_worker_state", "longhaul_worker_rounds_seconds_count", "longhaul_queue_jobs",
					"longhaul_jobs_runs_seconds_count", "longhaul_jobs_ended_total", "longhaul_email_sent_total",
					"longhaul_processing_rows_total");
	}

	@Test
	void theCheckCatchesAMisspelledMetricLabelOrValue() {
		Scrape scrape = scrapeAfterAnEmail();

		assertThat(problems(Map.of("a", "longhaul_worker_stat{state=\"failed\"} == 1"), scrape)).singleElement()
			.asString()
			.contains("longhaul_worker_stat");
		assertThat(problems(Map.of("a", "longhaul_email_sent{instance=~\"$instance\"}"), scrape)).hasSize(1);
		assertThat(problems(Map.of("a", "longhaul_worker_state{stat=\"failed\"}"), scrape)).hasSize(1);
		assertThat(problems(Map.of("a", "longhaul_worker_state{state=\"FAILED\"}"), scrape)).hasSize(1);
		assertThat(problems(Map.of("a", "longhaul_worker_state{worker=~\"retention|job-cleanr\"}"), scrape)).hasSize(1);
		assertThat(problems(Map.of("a", "up{job=\"long-haul\"}"), scrape)).hasSize(1);
		assertThat(problems(Map.of("a", "longhaul_jobs_ended_total{status=\"dead\"}"), scrape)).isEmpty();
	}

	@Test
	void dashboardPanelsUseTheProvisionedDatasource() {
		JsonNode dashboard = dashboard();
		Object datasource = list(
				at(DeployFiles.yaml("deploy/grafana/provisioning/datasources/prometheus.yml"), "datasources"))
			.get(0);
		List<String> uids = new ArrayList<>();
		Set<Integer> ids = new HashSet<>();
		panels(dashboard.get("panels")).forEach((panel) -> {
			assertThat(ids.add(panel.get("id").asInt())).as("unique panel id " + panel.get("id")).isTrue();
			if (panel.has("datasource")) {
				uids.add(panel.get("datasource").get("uid").asString());
			}
			if (panel.has("targets")) {
				panel.get("targets").forEach((target) -> uids.add(target.get("datasource").get("uid").asString()));
			}
		});

		assertThat(uids).isNotEmpty().containsOnly(String.valueOf(at(datasource, "uid")));
		assertThat(dashboard.get("uid").asString()).isEqualTo("longhaul");
	}

	/**
	 * What is wrong with the expressions: series that the scrape lacks, labels it does
	 * not set, values a label never takes.
	 */
	private List<String> problems(Map<String, String> expressions, Scrape scrape) {
		String job = String.valueOf(at(
				list(at(DeployFiles.yaml("deploy/prometheus/prometheus.yml"), "scrape_configs")).get(0), "job_name"));
		List<String> problems = new ArrayList<>();
		expressions.forEach((source, expression) -> {
			for (PromQl.Selector selector : PromQl.selectors(expression)) {
				String metric = selector.metric();
				boolean own = PROMETHEUS_SERIES.contains(metric);
				if (!own && !scrape.has(metric)) {
					problems.add(source + ": " + metric + " is not exposed at /actuator/prometheus");
					continue;
				}
				for (PromQl.Matcher matcher : selector.matchers()) {
					String label = matcher.label();
					if (label.equals("job")) {
						if (!matcher.value().equals(job)) {
							problems.add(source + ": job \"" + matcher.value() + "\" is not the scrape job " + job);
						}
					}
					else if (TARGET_LABELS.contains(label)) {
						continue;
					}
					else if (own || !scrape.labels(metric).contains(label)) {
						problems.add(source + ": " + metric + " has no label " + label);
					}
					else if (!matcher.operator().startsWith("!") && !matcher.value().contains("$")
							&& SIMPLE_ALTERNATIVES.matcher(matcher.value()).matches()) {
						Set<String> known = knownValues(scrape, metric, label);
						for (String value : matcher.value().split("\\|")) {
							if (!known.contains(value)) {
								problems.add(source + ": " + metric + "{" + label + "} is never \"" + value
										+ "\" (seen: " + known + ")");
							}
						}
					}
				}
			}
		});
		return problems;
	}

	/** Values seen in the scrape, and those of the enums behind the status labels. */
	private static Set<String> knownValues(Scrape scrape, String metric, String label) {
		Set<String> known = new HashSet<>(scrape.values(metric, label));
		if (label.equals("status")) {
			Arrays.stream(JobStatus.values()).forEach((status) -> known.add(status.name().toLowerCase(Locale.ROOT)));
		}
		if (label.equals("state")) {
			Arrays.stream(WorkerState.values()).forEach((state) -> known.add(state.name().toLowerCase(Locale.ROOT)));
		}
		return known;
	}

	private Scrape scrapeAfterAnEmail() {
		RestTestClient admin = TestClients.as(this.port, "admin");
		EntityExchangeResult<String> posted = admin.post()
			.uri("/api/emails")
			.contentType(MediaType.APPLICATION_JSON)
			.body("{\"to\": [\"ada@example.com\"], \"subject\": \"metrics\", \"text\": \"for the monitoring files\"}")
			.exchange()
			.returnResult(String.class);
		assertThat(posted.getStatus().value()).isEqualTo(202);
		String location = posted.getResponseHeaders().getFirst("Location");
		assertThat(location).isNotNull();
		String path = location.substring(location.indexOf("/api/"));
		await().until(() -> body(admin, path).contains("\"status\":\"SENT\"")
				&& body(admin, "/actuator/prometheus").contains("longhaul_jobs_ended_total{"));
		return Scrape.parse(body(admin, "/actuator/prometheus"));
	}

	private static String body(RestTestClient client, String path) {
		return client.get().uri(path).exchange().returnResult(String.class).getResponseBody();
	}

	static Map<String, Map<String, Object>> alertRules() {
		Map<String, Map<String, Object>> rules = new LinkedHashMap<>();
		for (Object group : list(at(DeployFiles.yaml(ALERTS), "groups"))) {
			for (Object rule : list(at(group, "rules"))) {
				rules.put(String.valueOf(at(rule, "alert")), map(rule));
			}
		}
		return rules;
	}

	static JsonNode dashboard() {
		return JsonMapper.builder().build().readTree(DeployFiles.text(DASHBOARD));
	}

	/** Every query of the dashboard: panel targets and template variables. */
	static Map<String, String> dashboardExpressions() {
		JsonNode dashboard = dashboard();
		Map<String, String> expressions = new LinkedHashMap<>();
		panels(dashboard.get("panels")).forEach((panel) -> {
			if (panel.has("targets")) {
				panel.get("targets")
					.forEach((target) -> expressions.put(
							"panel \"" + panel.get("title").asString() + "\" " + target.get("refId").asString(),
							target.get("expr").asString()));
			}
		});
		for (JsonNode variable : dashboard.get("templating").get("list")) {
			JsonNode query = variable.get("query");
			String text = query.isObject() ? query.get("query").asString() : query.asString();
			Matcher labelValues = LABEL_VALUES.matcher(text);
			// label_values(selector, label): the selector is PromQL, the label one its
			// series must carry.
			String expression = text;
			if (labelValues.matches()) {
				String selector = labelValues.group(1).trim();
				String label = labelValues.group(2) + "=~\".*\"";
				expression = selector.endsWith("}") ? selector.substring(0, selector.length() - 1) + ", " + label + "}"
						: selector + "{" + label + "}";
			}
			expressions.put("variable " + variable.get("name").asString(), expression);
		}
		return expressions;
	}

	static List<JsonNode> panels(JsonNode panels) {
		List<JsonNode> all = new ArrayList<>();
		for (JsonNode panel : panels) {
			all.add(panel);
			if (panel.has("panels")) {
				all.addAll(panels(panel.get("panels")));
			}
		}
		return all;
	}

}
