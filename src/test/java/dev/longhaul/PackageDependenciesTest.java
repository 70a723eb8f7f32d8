package dev.longhaul;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The package rules the compiler does not keep, read from the sources: only controllers
 * (or an advice) outside {@code web} use it, since a feature refuses with exceptions or
 * outcomes of its own and its controller turns them into problem details; packages depend
 * on each other one way; and a feature's SQL names only its own tables, reaching another
 * feature's rows through that feature's API.
 */
class PackageDependenciesTest {

	private static final Path SOURCES = Path.of("src/main/java");

	/** A reference to a type of the application, imported or written out. */
	private static final Pattern REFERENCE = Pattern.compile("\\b(dev\\.longhaul(?:\\.[a-z][a-z0-9]*)*)\\.[A-Z]");

	private static final Pattern PACKAGE = Pattern.compile("^package ([a-z0-9.]+);", Pattern.MULTILINE);

	/** A table an SQL statement reads or writes. */
	private static final Pattern TABLE = Pattern.compile("\\b(?:FROM|JOIN|INTO|UPDATE)\\s+([a-z_]+)\\b");

	/** The package that owns each table: the only one whose SQL names it. */
	private static final Map<String, String> OWNERS = Map.of("jobs", "dev.longhaul.queue", "instances",
			"dev.longhaul.cluster", "singleton_leases", "dev.longhaul.cluster", "datasets", "dev.longhaul.processing",
			"email_summaries", "dev.longhaul.email");

	/**
	 * The one reach into another feature's table that is left: lease recovery checks the
	 * heartbeats of {@code instances} in the statement that takes leases back, so that no
	 * instance is judged dead between two reads.
	 */
	private static final Set<String> LEFT = Set.of("dev/longhaul/queue/JobRescuer.java: instances");

	@Test
	void outsideTheWebPackageOnlyControllersAndAdvicesUseIt() throws IOException {
		List<String> users = new ArrayList<>();
		List<String> offenders = new ArrayList<>();
		for (Source source : sources()) {
			if (!source.packageName().equals("dev.longhaul.web") && source.references().contains("dev.longhaul.web")) {
				boolean translates = source.file().getFileName().toString().endsWith("Controller.java")
						|| source.text().contains("@RestControllerAdvice")
						|| source.text().contains("@ControllerAdvice");
				(translates ? users : offenders).add(SOURCES.relativize(source.file()).toString());
			}
		}

		assertThat(users).as("controllers that use the web package")
			.contains("dev/longhaul/email/EmailController.java");
		assertThat(offenders).as("classes that use the web package but answer no request").isEmpty();
	}

	@Test
	void packagesDependOnEachOtherOneWay() throws IOException {
		Map<String, Set<String>> dependencies = new TreeMap<>();
		for (Source source : sources()) {
			Set<String> targets = dependencies.computeIfAbsent(source.packageName(), (name) -> new TreeSet<>());
			source.references().stream().filter((target) -> !target.equals(source.packageName())).forEach(targets::add);
		}

		assertThat(dependencies).as("a dependency the scan must see")
			.containsKeys("dev.longhaul.email", "dev.longhaul.web", "dev.longhaul.queue");
		assertThat(dependencies.get("dev.longhaul.email")).contains("dev.longhaul.queue");
		List<List<String>> cycles = new ArrayList<>();
		for (String start : dependencies.keySet()) {
			List<String> cycle = cycleFrom(start, dependencies, new ArrayList<>(), new TreeSet<>());
			if (cycle != null) {
				cycles.add(cycle);
			}
		}
		assertThat(cycles).as("cycles between packages").isEmpty();
	}

	@Test
	void sqlNamesOnlyTheTablesOfItsOwnPackage() throws IOException {
		Set<String> created = new TreeSet<>();
		try (Stream<Path> migrations = Files.list(Path.of("src/main/resources/db/migration"))) {
			for (Path migration : migrations.toList()) {
				Matcher table = Pattern.compile("CREATE TABLE ([a-z_]+)").matcher(Files.readString(migration));
				while (table.find()) {
					created.add(table.group(1));
				}
			}
		}
		Set<String> reaches = new TreeSet<>();
		Set<String> owned = new TreeSet<>();
		for (Source source : sources()) {
			Matcher table = TABLE.matcher(source.text());
			while (table.find()) {
				String owner = OWNERS.get(table.group(1));
				if (owner != null && !owner.equals(source.packageName())) {
					reaches.add(SOURCES.relativize(source.file()) + ": " + table.group(1));
				}
				else if (owner != null) {
					owned.add(table.group(1));
				}
			}
		}

		assertThat(OWNERS).as("an owner for every table").containsOnlyKeys(created);
		assertThat(owned).as("tables the scan sees their owners name").containsAll(created);
		assertThat(reaches).as("SQL on another feature's table").isEqualTo(LEFT);
	}

	/** A path that leads from {@code start} back to it, or {@code null}. */
	private static List<String> cycleFrom(String start, Map<String, Set<String>> dependencies, List<String> path,
			Set<String> seen) {
		String at = path.isEmpty() ? start : path.get(path.size() - 1);
		for (String next : dependencies.getOrDefault(at, Set.of())) {
			if (next.equals(start)) {
				List<String> cycle = new ArrayList<>(path);
				cycle.add(0, start);
				cycle.add(start);
				return cycle;
			}
			if (seen.add(next)) {
				path.add(next);
				List<String> cycle = cycleFrom(start, dependencies, path, seen);
				if (cycle != null) {
					return cycle;
				}
				path.remove(path.size() - 1);
			}
		}
		return null;
	}

	private static List<Source> sources() throws IOException {
		List<Source> sources = new ArrayList<>();
		try (Stream<Path> files = Files.walk(SOURCES)) {
			for (Path file : files.filter((path) -> path.toString().endsWith(".java")).toList()) {
				String text = Files.readString(file);
				Matcher name = PACKAGE.matcher(text);
				assertThat(name.find()).as("package of %s", file).isTrue();
				Set<String> references = new TreeSet<>();
				Matcher reference = REFERENCE.matcher(text);
				while (reference.find()) {
					references.add(reference.group(1));
				}
				sources.add(new Source(file, name.group(1), text, references));
			}
		}
		assertThat(sources).hasSizeGreaterThan(100);
		return sources;
	}

	/**
	 * A source file.
	 *
	 * @param file where it is
	 * @param packageName its package
	 * @param text what it says
	 * @param references the packages of the application whose types it names
	 */
	private record Source(Path file, String packageName, String text, Set<String> references) {
	}

}
