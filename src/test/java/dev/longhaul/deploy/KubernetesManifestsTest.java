package dev.longhaul.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.core.env.Environment;

import dev.longhaul.queue.QueueProperties;
import dev.longhaul.support.TestClients;
import dev.longhaul.worker.WorkerRegistry;

import static dev.longhaul.deploy.DeployFiles.at;
import static dev.longhaul.deploy.DeployFiles.list;
import static dev.longhaul.deploy.DeployFiles.map;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Kubernetes manifests (deploy/kubernetes) fit the application, checked here since no
 * cluster runs on CI: every variable they set is a documented configuration key, the
 * grace period covers the shutdown budget plus the preStop delay, the probes reach
 * {@code /livez} and {@code /readyz} on the application's port, the memory limit leaves
 * room beside the heap the image's JVM flags take from it, and the Service and the
 * PodDisruptionBudget select the Deployment's pods.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class KubernetesManifestsTest {

	private static final String DIRECTORY = "deploy/kubernetes";

	/**
	 * What the JVM needs beside the heap: metaspace, code cache, thread stacks, buffers.
	 */
	private static final long NON_HEAP = 256L << 20;

	private static final Pattern QUANTITY = Pattern.compile("(\\d+(?:\\.\\d+)?)(Ki|Mi|Gi|Ti|k|M|G|T|m)?");

	@LocalServerPort
	int port;

	@Autowired
	Environment environment;

	@Autowired
	WorkerRegistry workers;

	@Autowired
	QueueProperties queue;

	@Test
	void kustomizationListsTheManifestsButNotTheExampleSecret() {
		List<Object> resources = list(at(DeployFiles.yaml(DIRECTORY + "/kustomization.yaml"), "resources"));

		assertThat(resources).isNotEmpty()
			.allSatisfy((resource) -> assertThat(DeployFiles.path(DIRECTORY + "/" + resource)).exists())
			.doesNotContain("secret.example.yaml");
		assertThat(kinds(resources)).contains("Deployment", "Service", "PodDisruptionBudget", "ConfigMap",
				"PersistentVolumeClaim");
		assertThat(single("Secret").get("stringData")).isNotNull();
		assertThat(DeployFiles.text(DIRECTORY + "/secret.example.yaml")).contains("EXAMPLE VALUES ONLY");
	}

	@Test
	void everyVariableTheManifestsSetIsADocumentedConfigurationKey() {
		ConfigurationKeys keys = ConfigurationKeys.load(DeployFiles.path("README.md"));
		Map<String, Object> container = container();
		Set<String> variables = new LinkedHashSet<>();
		for (Object variable : list(container.get("env"))) {
			variables.add(String.valueOf(at(variable, "name")));
		}
		for (Object source : list(container.get("envFrom"))) {
			if (at(source, "configMapRef") != null) {
				String name = String.valueOf(at(source, "configMapRef", "name"));
				variables.addAll(map(named("ConfigMap", name).get("data")).keySet());
			}
			if (at(source, "secretRef") != null) {
				String name = String.valueOf(at(source, "secretRef", "name"));
				variables.addAll(map(named("Secret", name).get("stringData")).keySet());
			}
		}

		assertThat(variables).contains("SPRING_PROFILES_ACTIVE", "SPRING_DATASOURCE_URL", "SPRING_DATASOURCE_PASSWORD",
				"SPRING_MAIL_HOST", "LONGHAUL_SECURITY_USERS_0_NAME", "LONGHAUL_SECURITY_USERS_0_PASSWORD");
		assertThat(keys.undocumented(variables)).as("variables that set no documented key").isEmpty();
	}

	@Test
	void theGracePeriodCoversTheShutdownBudgetAndThePreStopDelay() {
		Map<String, Object> pod = podSpec();
		ShutdownBudget budget = ShutdownBudget.of(this.environment, this.workers.all(), this.queue);
		List<Object> preStop = list(at(container(), "lifecycle", "preStop", "exec", "command"));

		assertThat(preStop).hasSize(2).first().isEqualTo("sleep");
		Duration delay = Duration.ofSeconds(Long.parseLong(String.valueOf(preStop.get(1))));
		assertThat(delay).isPositive();
		assertThat(Duration.ofSeconds(((Number) pod.get("terminationGracePeriodSeconds")).longValue()))
			.as("grace period vs shutdown budget %s + preStop %s", budget, delay)
			.isGreaterThanOrEqualTo(budget.total().plus(delay));
		assertThat(budget.total()).as("the budget the manifests' comments quote").isEqualTo(Duration.ofSeconds(61));
	}

	@Test
	void probesReachTheHealthGroupsOnTheApplicationsPort() {
		Map<String, Object> container = container();
		int serverPort = DeployFiles.configuredServerPort(profiles());

		assertThat(probe(container, "livenessProbe")).isEqualTo("/livez@" + serverPort);
		assertThat(probe(container, "readinessProbe")).isEqualTo("/readyz@" + serverPort);
		assertThat(probe(container, "startupProbe")).isEqualTo("/livez@" + serverPort);
		assertThat(DeployFiles.applicationProperties(profiles()).getProperty("management.server.port"))
			.as("probes and metrics are on the main port")
			.isNull();
		for (String path : List.of("/livez", "/readyz")) {
			int status = TestClients.as(this.port, null)
				.get()
				.uri(path)
				.exchange()
				.returnResult(String.class)
				.getStatus()
				.value();
			assertThat(status).as(path).isEqualTo(200);
		}
	}

	@Test
	void theMemoryLimitLeavesRoomBesideTheHeapTheJvmFlagsTakeFromIt() {
		Map<String, Object> resources = map(container().get("resources"));
		long limit = bytes(String.valueOf(at(resources, "limits", "memory")));
		long heap = (long) (limit * DeployFiles.dockerfileMaxRamPercentage() / 100);

		assertThat(bytes(String.valueOf(at(resources, "requests", "memory")))).isEqualTo(limit);
		assertThat(limit - heap).as("memory beside the heap").isGreaterThanOrEqualTo(NON_HEAP);
		assertThat(heap).as("heap").isGreaterThanOrEqualTo(512L << 20);
		assertThat(millicores(String.valueOf(at(resources, "requests", "cpu"))))
			.isLessThanOrEqualTo(millicores(String.valueOf(at(resources, "limits", "cpu"))));
		assertThat(list(container().get("env"))).as("JAVA_TOOL_OPTIONS of the image stay in force")
			.noneMatch((variable) -> String.valueOf(at(variable, "name")).startsWith("JAVA_"));
	}

	@Test
	void theServiceAndTheDisruptionBudgetSelectTheDeploymentsPods() {
		Map<String, Object> labels = map(at(single("Deployment"), "spec", "template", "metadata", "labels"));
		Map<String, Object> service = single("Service");
		Map<String, Object> pdb = single("PodDisruptionBudget");
		int replicas = ((Number) at(single("Deployment"), "spec", "replicas")).intValue();

		assertThat(labels).containsAllEntriesOf(map(at(service, "spec", "selector")));
		assertThat(labels).containsAllEntriesOf(map(at(pdb, "spec", "selector", "matchLabels")));
		assertThat(((Number) at(pdb, "spec", "maxUnavailable")).intValue()).isPositive().isLessThan(replicas);
		Object targetPort = at(list(at(service, "spec", "ports")).get(0), "targetPort");
		assertThat(list(container().get("ports")))
			.anySatisfy((port) -> assertThat(at(port, "name")).isEqualTo(targetPort));
		assertThat(podSpec().get("enableServiceLinks"))
			.as("a Service named longhaul would give the pods LONGHAUL_PORT, LONGHAUL_SERVICE_HOST, ...")
			.isEqualTo(false);
	}

	private String[] profiles() {
		Object value = map(named("ConfigMap", "longhaul-config").get("data")).get("SPRING_PROFILES_ACTIVE");
		return (value != null) ? String.valueOf(value).split(",") : new String[0];
	}

	/** A probe as {@code path@port}, its named port resolved. */
	private static String probe(Map<String, Object> container, String probe) {
		Object named = at(container, probe, "httpGet", "port");
		Object port = (named instanceof Number) ? named
				: list(container.get("ports")).stream()
					.filter((candidate) -> named.equals(at(candidate, "name")))
					.map((candidate) -> at(candidate, "containerPort"))
					.findFirst()
					.orElseThrow(() -> new AssertionError("No container port named " + named));
		return at(container, probe, "httpGet", "path") + "@" + port;
	}

	private static Map<String, Object> podSpec() {
		return map(at(single("Deployment"), "spec", "template", "spec"));
	}

	private static Map<String, Object> container() {
		List<Object> containers = list(podSpec().get("containers"));
		assertThat(containers).hasSize(1);
		return map(containers.get(0));
	}

	private static List<Map<String, Object>> documents() {
		try (Stream<Path> files = Files.list(DeployFiles.path(DIRECTORY))) {
			List<Map<String, Object>> documents = new ArrayList<>();
			files.filter((file) -> file.toString().endsWith(".yaml"))
				.sorted()
				.forEach((file) -> documents.addAll(DeployFiles.yamlDocuments(DIRECTORY + "/" + file.getFileName())));
			return documents;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static Set<String> kinds(List<Object> resources) {
		Set<String> kinds = new LinkedHashSet<>();
		resources.forEach((resource) -> DeployFiles.yamlDocuments(DIRECTORY + "/" + resource)
			.forEach((document) -> kinds.add(String.valueOf(document.get("kind")))));
		return kinds;
	}

	private static Map<String, Object> single(String kind) {
		List<Map<String, Object>> found = documents().stream()
			.filter((document) -> kind.equals(document.get("kind")))
			.toList();
		assertThat(found).as(kind).hasSize(1);
		return found.get(0);
	}

	private static Map<String, Object> named(String kind, String name) {
		return documents().stream()
			.filter((document) -> kind.equals(document.get("kind")) && name.equals(at(document, "metadata", "name")))
			.findFirst()
			.orElseThrow(() -> new AssertionError("No " + kind + " named " + name + " in " + DIRECTORY));
	}

	/** A Kubernetes memory quantity in bytes. */
	static long bytes(String quantity) {
		Matcher matcher = QUANTITY.matcher(quantity);
		assertThat(matcher.matches()).as(quantity).isTrue();
		double amount = Double.parseDouble(matcher.group(1));
		String unit = (matcher.group(2) != null) ? matcher.group(2) : "";
		long factor = switch (unit) {
			case "Ki" -> 1L << 10;
			case "Mi" -> 1L << 20;
			case "Gi" -> 1L << 30;
			case "Ti" -> 1L << 40;
			case "k" -> 1_000L;
			case "M" -> 1_000_000L;
			case "G" -> 1_000_000_000L;
			case "T" -> 1_000_000_000_000L;
			case "" -> 1L;
			default -> throw new AssertionError("Not a memory quantity: " + quantity);
		};
		return (long) (amount * factor);
	}

	/** A Kubernetes CPU quantity in millicores. */
	static long millicores(String quantity) {
		return quantity.endsWith("m") ? Long.parseLong(quantity.substring(0, quantity.length() - 1))
				: (long) (Double.parseDouble(quantity) * 1000);
	}

}
