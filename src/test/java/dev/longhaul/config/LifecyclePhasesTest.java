package dev.longhaul.config;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.SmartLifecycle;

import dev.longhaul.worker.Worker;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The stop order of the application's real lifecycle beans, read from the phases they
 * report in the shared test context: Spring stops the highest phase first, and the beans
 * of one phase together.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class LifecyclePhasesTest {

	private static final String WORKERS = "every worker";

	private static final List<String> NAMED = List.of("webServerGracefulShutdown", "webServerStartStop", "jobCompleter",
			"workerRegistry", "clusterMembership", "postgresWakeUps");

	@Autowired
	ConfigurableApplicationContext context;

	@Test
	void webServerStopsFirstThenWorkersThenCompleterThenClusterMembershipThenWakeUpsBeforeExecutors() {
		Map<String, SmartLifecycle> beans = lifecycleBeans();
		assertThat(beans.values()).filteredOn(Worker.class::isInstance)
			.as("workers, job executors among them")
			.hasSizeGreaterThan(2);
		assertThat(beans.keySet()).anyMatch((name) -> name.startsWith("jobWorker."));

		SortedMap<Integer, Set<String>> stopOrder = new TreeMap<>(Comparator.reverseOrder());
		beans.forEach((name, bean) -> {
			String label = (bean instanceof Worker) ? WORKERS : name;
			if (label.equals(WORKERS) || NAMED.contains(name)) {
				stopOrder.computeIfAbsent(bean.getPhase(), (phase) -> new TreeSet<>()).add(label);
			}
		});

		assertThat(stopOrder.values()).containsExactly(Set.of("webServerGracefulShutdown"),
				Set.of("webServerStartStop"), Set.of(WORKERS), Set.of("jobCompleter", "workerRegistry"),
				Set.of("clusterMembership"), Set.of("postgresWakeUps"));
		assertThat(stopOrder.lastKey()).as("the last of them stops before Spring's executors")
			.isGreaterThan(LifecyclePhases.EXECUTORS);
	}

	@Test
	void everyLifecycleBeanOfTheApplicationStopsInAPhaseTheTableNames() throws IllegalAccessException {
		Set<Integer> named = new TreeSet<>();
		for (Field field : LifecyclePhases.class.getFields()) {
			if (Modifier.isStatic(field.getModifiers()) && field.getType() == int.class) {
				named.add(field.getInt(null));
			}
		}
		Map<String, SmartLifecycle> own = lifecycleBeans();
		own.values().removeIf((bean) -> !bean.getClass().getName().startsWith("dev.longhaul."));

		assertThat(own).containsKeys("jobCompleter", "workerRegistry", "clusterMembership", "postgresWakeUps");
		assertThat(own).allSatisfy((name, bean) -> assertThat(named).as(name).contains(bean.getPhase()));
		assertThat(Arrays.asList(LifecyclePhases.WORKERS, LifecyclePhases.JOB_COMPLETER,
				LifecyclePhases.CLUSTER_MEMBERSHIP, LifecyclePhases.POSTGRES_WAKE_UPS))
			.as("the application's own phases lie between the web server's and the executors'")
			.allSatisfy((phase) -> assertThat(phase).isLessThan(LifecyclePhases.WEB_SERVER)
				.isGreaterThan(LifecyclePhases.EXECUTORS));
	}

	private Map<String, SmartLifecycle> lifecycleBeans() {
		return new HashMap<>(this.context.getBeansOfType(SmartLifecycle.class, false, false));
	}

}
