package dev.longhaul.deploy;

import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.core.env.Environment;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.test.web.servlet.client.RestTestClient;

import dev.longhaul.queue.QueueProperties;
import dev.longhaul.support.TestClients;
import dev.longhaul.worker.WorkerRegistry;

import static dev.longhaul.deploy.DeployFiles.at;
import static dev.longhaul.deploy.DeployFiles.list;
import static dev.longhaul.deploy.DeployFiles.map;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * compose.yaml and the files it mounts (the proxy's Caddyfile, Prometheus' configuration,
 * Grafana's provisioning) agree with the application, checked here since no Docker engine
 * runs on CI: the Longhaul services set documented configuration keys only, probe the
 * application's readiness path on its port, get the time a graceful shutdown needs, and
 * are what the proxy and Prometheus point at; every variable the file needs has an
 * example value.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class ComposeFileTest {

	private static final Pattern VARIABLE = Pattern.compile("(?<!\\$)\\$\\{([A-Za-z_][A-Za-z0-9_]*)(:?[-?][^}]*)?}");

	@LocalServerPort
	int port;

	@Autowired
	Environment environment;

	@Autowired
	WorkerRegistry workers;

	@Autowired
	QueueProperties queue;

	@Test
	void longhaulServicesSetDocumentedConfigurationKeysOnly() {
		ConfigurationKeys keys = ConfigurationKeys.load(DeployFiles.path("README.md"));
		Map<String, Map<String, Object>> longhaul = longhaulServices();

		assertThat(longhaul).containsOnlyKeys("longhaul-1", "longhaul-2");
		longhaul.forEach((name, service) -> {
			Map<String, String> variables = DeployFiles.environment(service.get("environment"));
			assertThat(variables).as(name)
				.containsKeys("SPRING_PROFILES_ACTIVE", "SPRING_DATASOURCE_URL", "SPRING_MAIL_HOST",
						"LONGHAUL_SECURITY_USERS_0_PASSWORD");
			assertThat(keys.undocumented(variables.keySet())).as(name + ": variables that set no documented key")
				.isEmpty();
			assertThat(variables.get("SPRING_DATASOURCE_URL")).startsWith("jdbc:postgresql://postgres:5432/");
			assertThat(variables.get("SPRING_MAIL_HOST")).isEqualTo("mailpit");
		});
	}

	@Test
	void healthchecksProbeTheReadinessPathOnTheApplicationsPort() {
		int serverPort = DeployFiles.configuredServerPort("postgres");

		longhaulServices().forEach((name, service) -> {
			String test = String.join(" ",
					list(at(service, "healthcheck", "test")).stream().map(String::valueOf).toList());
			assertThat(test).as(name).containsAnyOf("GET /readyz ", "GET /livez ").contains("/127.0.0.1/" + serverPort);
		});
		TestClients.as(this.port, null).get().uri("/readyz").exchange().expectStatus().isOk();
		TestClients.as(this.port, null).get().uri("/livez").exchange().expectStatus().isOk();
	}

	@Test
	void longhaulServicesMayFinishTheirGracefulShutdown() {
		Duration budget = ShutdownBudget.of(this.environment, this.workers.all(), this.queue).total();

		longhaulServices().forEach((name,
				service) -> assertThat(DeployFiles.dockerDuration(String.valueOf(service.get("stop_grace_period"))))
					.as(name + ": Docker's SIGKILL comes after stop_grace_period")
					.isGreaterThanOrEqualTo(budget));
	}

	@Test
	void everyRequiredVariableHasAnExampleValueAndTheExamplesAreMarked() throws Exception {
		Set<String> required = new LinkedHashSet<>();
		Matcher variable = VARIABLE.matcher(DeployFiles.text("compose.yaml"));
		while (variable.find()) {
			if (variable.group(2) != null && variable.group(2).startsWith(":?")) {
				required.add(variable.group(1));
			}
		}
		Properties examples = new Properties();
		try (var reader = Files.newBufferedReader(DeployFiles.path(".env.example"))) {
			examples.load(reader);
		}

		assertThat(required).contains("POSTGRES_PASSWORD", "LONGHAUL_ADMIN_PASSWORD_HASH", "LONGHAUL_METRICS_PASSWORD",
				"GRAFANA_ADMIN_PASSWORD");
		assertThat(examples.stringPropertyNames()).containsAll(required);
		examples.stringPropertyNames()
			.stream()
			.filter((name) -> name.contains("PASSWORD"))
			.forEach((name) -> assertThat(unquoted(examples.getProperty(name))).as(name)
				.satisfiesAnyOf((value) -> assertThat(value).contains("example"),
						(value) -> assertThat(value).startsWith("{bcrypt}$2")));
		String hash = unquoted(examples.getProperty("LONGHAUL_ADMIN_PASSWORD_HASH")).substring("{bcrypt}".length());
		assertThat(new BCryptPasswordEncoder().matches("example-only-change-me", hash))
			.as("the example hash is that of the example password .env.example names")
			.isTrue();
	}

	@Test
	void theProxyBalancesTheInstancesWithStickySessionsAndOnlyWhenReady() {
		String caddyfile = DeployFiles.text("deploy/compose/Caddyfile");
		Matcher upstreams = Pattern.compile("(?m)^\\s*reverse_proxy ([^{]+)\\{").matcher(caddyfile);
		int serverPort = DeployFiles.configuredServerPort("postgres");

		assertThat(upstreams.find()).isTrue();
		assertThat(upstreams.group(1).trim().split("\\s+")).containsExactlyInAnyOrderElementsOf(
				longhaulServices().keySet().stream().map((name) -> name + ":" + serverPort).toList());
		assertThat(caddyfile).containsPattern("(?m)^\\s*lb_policy cookie\\b")
			.containsPattern("(?m)^\\s*health_uri /readyz$")
			.containsPattern("(?m)^\\s*header_up X-Forwarded-Port \\{http.request.port}$");
		assertThat(mounts("proxy")).containsEntry("/etc/caddy/Caddyfile", "./deploy/compose/Caddyfile");
	}

	/**
	 * Behind the proxy on a port other than 80 (compose publishes 8000), a browser's
	 * Origin is http://localhost:8000. Tomcat takes the port from X-Forwarded-Port only,
	 * so the Caddyfile sends it: with it a change passes the origin check, without it
	 * every sign-in would be refused as cross-origin.
	 */
	@Test
	void theProxysForwardedHeadersPassTheOriginCheck() {
		int withPort = forwarded("localhost:8000").header("X-Forwarded-Port", "8000")
			.exchange()
			.returnResult(String.class)
			.getStatus()
			.value();
		int withoutPort = forwarded("localhost:8000").exchange().returnResult(String.class).getStatus().value();

		assertThat(withPort).as("allowed: there is no such worker").isEqualTo(404);
		assertThat(withoutPort).as("refused as cross-origin").isEqualTo(403);
	}

	private RestTestClient.RequestBodySpec forwarded(String host) {
		return TestClients.as(this.port, "admin")
			.post()
			.uri("/api/workers/no-such-worker/pause")
			.header("X-Forwarded-For", "203.0.113.7")
			.header("X-Forwarded-Proto", "http")
			.header("X-Forwarded-Host", host)
			.header("Origin", "http://" + host);
	}

	@Test
	void prometheusScrapesEveryInstanceAsTheMetricsUserWithTheAlertRulesLoaded() {
		Map<String, Object> prometheus = DeployFiles.yaml("deploy/prometheus/prometheus.yml");
		Object job = list(prometheus.get("scrape_configs")).get(0);
		int serverPort = DeployFiles.configuredServerPort("postgres");
		Map<String, String> longhaul = DeployFiles.environment(longhaulServices().get("longhaul-1").get("environment"));
		Map<String, String> mounts = mounts("prometheus");

		assertThat(at(job, "metrics_path")).isEqualTo("/actuator/prometheus");
		assertThat(list(at(list(at(job, "static_configs")).get(0), "targets"))).containsExactlyInAnyOrderElementsOf(
				longhaulServices().keySet().stream().map((name) -> name + ":" + serverPort).toList());
		assertThat(at(job, "basic_auth", "username")).isEqualTo(longhaul.get("SPRING_SECURITY_USER_NAME"));
		assertThat(
				String.join(" ", list(service("prometheus").get("entrypoint")).stream().map(String::valueOf).toList()))
			.contains("> " + at(job, "basic_auth", "password_file") + " ");
		for (Object rules : list(prometheus.get("rule_files"))) {
			assertThat(mounts).as("rule file " + rules + " mounted from the repository")
				.containsKey(String.valueOf(rules));
		}
		assertThat(mounts).containsEntry("/etc/prometheus/alerts.yml", "./" + MonitoringFilesTest.ALERTS);
		assertThat(longhaul.get("SPRING_SECURITY_USER_ROLES")).as("the scraper has the least role").isEqualTo("viewer");
		TestClients.as(this.port, "viewer").get().uri("/actuator/prometheus").exchange().expectStatus().isOk();
	}

	@Test
	void grafanaGetsTheDatasourceAndTheDashboardFromTheRepository() {
		Map<String, String> mounts = mounts("grafana");
		Object provider = list(at(DeployFiles.yaml("deploy/grafana/provisioning/dashboards/longhaul.yml"), "providers"))
			.get(0);
		Object datasource = list(
				at(DeployFiles.yaml("deploy/grafana/provisioning/datasources/prometheus.yml"), "datasources"))
			.get(0);

		assertThat(mounts).containsEntry("/etc/grafana/provisioning", "./deploy/grafana/provisioning")
			.containsEntry(String.valueOf(at(provider, "options", "path")), "./deploy/grafana/dashboards");
		assertThat(String.valueOf(at(datasource, "url"))).isEqualTo("http://prometheus:9090");
		assertThat(services()).containsKeys("prometheus", "postgres", "mailpit", "proxy");
	}

	@Test
	void everyFileMountedFromTheRepositoryExists() {
		services().keySet()
			.forEach((name) -> mounts(name).values()
				.stream()
				.filter((source) -> source.startsWith("./"))
				.forEach((source) -> assertThat(DeployFiles.path(source)).as(name).exists()));
	}

	private static String unquoted(String value) {
		return (value.length() > 1 && value.startsWith("'") && value.endsWith("'"))
				? value.substring(1, value.length() - 1) : value;
	}

	static Map<String, Map<String, Object>> services() {
		Map<String, Map<String, Object>> services = new LinkedHashMap<>();
		map(DeployFiles.yaml("compose.yaml").get("services"))
			.forEach((name, service) -> services.put(name, map(service)));
		return services;
	}

	static Map<String, Object> service(String name) {
		return services().get(name);
	}

	/** The services that run Longhaul: built from the Dockerfile. */
	static Map<String, Map<String, Object>> longhaulServices() {
		Map<String, Map<String, Object>> longhaul = new LinkedHashMap<>();
		services().forEach((name, service) -> {
			if (service.containsKey("build")) {
				longhaul.put(name, service);
			}
		});
		return longhaul;
	}

	/** A service's bind mounts and volumes: target to source. */
	private static Map<String, String> mounts(String service) {
		Map<String, String> mounts = new LinkedHashMap<>();
		for (Object volume : list(service(service).get("volumes"))) {
			List<String> parts = new ArrayList<>(List.of(String.valueOf(volume).split(":")));
			mounts.put(parts.get(1), parts.get(0));
		}
		return mounts;
	}

}
