package dev.longhaul.deploy;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * Reads the deployment files of the repository (tests run in the project's directory):
 * YAML documents as maps and lists, with YAML merge keys ({@code <<: *anchor}) applied as
 * Docker Compose applies them, and the application's own configured values.
 */
final class DeployFiles {

	private static final Pattern DOCKER_DURATION = Pattern.compile("(\\d+)(h|ms|m|s)");

	private DeployFiles() {
	}

	static Path path(String relative) {
		return Path.of(relative);
	}

	static String text(String relative) {
		try {
			return Files.readString(path(relative));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * The documents of a YAML file.
	 * @param relative the file, relative to the project
	 * @return its documents
	 */
	static List<Map<String, Object>> yamlDocuments(String relative) {
		List<Map<String, Object>> documents = new ArrayList<>();
		try (Reader reader = Files.newBufferedReader(path(relative))) {
			for (Object document : new Yaml(new SafeConstructor(new LoaderOptions())).loadAll(reader)) {
				if (document != null) {
					documents.add(map(document));
				}
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return documents;
	}

	static Map<String, Object> yaml(String relative) {
		List<Map<String, Object>> documents = yamlDocuments(relative);
		if (documents.size() != 1) {
			throw new IllegalStateException(relative + " holds " + documents.size() + " documents, not one");
		}
		return documents.get(0);
	}

	/**
	 * The value at a path of keys, or {@code null}.
	 * @param node a map
	 * @param keys the keys, outermost first
	 * @return the value
	 */
	static Object at(Object node, String... keys) {
		Object current = node;
		for (String key : keys) {
			if (!(current instanceof Map<?, ?> map)) {
				return null;
			}
			current = map.get(key);
		}
		return current;
	}

	@SuppressWarnings("unchecked")
	static Map<String, Object> map(Object node) {
		if (!(node instanceof Map)) {
			throw new IllegalStateException("Not a map: " + node);
		}
		return (Map<String, Object>) node;
	}

	@SuppressWarnings("unchecked")
	static List<Object> list(Object node) {
		if (node == null) {
			return List.of();
		}
		if (!(node instanceof List)) {
			throw new IllegalStateException("Not a list: " + node);
		}
		return (List<Object>) node;
	}

	/**
	 * Environment variables as Compose and Kubernetes write them: a map, or a list of
	 * {@code NAME=value} strings.
	 * @param node the {@code environment} node
	 * @return names to values
	 */
	static Map<String, String> environment(Object node) {
		Map<String, String> variables = new LinkedHashMap<>();
		if (node instanceof Map<?, ?> map) {
			map.forEach((name, value) -> variables.put(String.valueOf(name), String.valueOf(value)));
		}
		else {
			for (Object entry : list(node)) {
				String text = String.valueOf(entry);
				int equals = text.indexOf('=');
				variables.put((equals < 0) ? text : text.substring(0, equals),
						(equals < 0) ? "" : text.substring(equals + 1));
			}
		}
		return variables;
	}

	/**
	 * A Docker Compose duration such as {@code 1m30s}.
	 * @param text the duration
	 * @return it
	 */
	static Duration dockerDuration(String text) {
		Matcher part = DOCKER_DURATION.matcher(text);
		Duration duration = Duration.ZERO;
		int end = 0;
		while (part.find()) {
			if (part.start() != end) {
				throw new IllegalArgumentException("Not a duration: " + text);
			}
			long amount = Long.parseLong(part.group(1));
			duration = duration.plus(switch (part.group(2)) {
				case "h" -> Duration.ofHours(amount);
				case "m" -> Duration.ofMinutes(amount);
				case "s" -> Duration.ofSeconds(amount);
				default -> Duration.ofMillis(amount);
			});
			end = part.end();
		}
		if (end == 0 || end != text.length()) {
			throw new IllegalArgumentException("Not a duration: " + text);
		}
		return duration;
	}

	/**
	 * The HTTP port the application listens on when started with the given profiles:
	 * {@code server.port} of application.properties and the profiles' files, else Boot's
	 * 8080.
	 * @param profiles the active profiles
	 * @return the port
	 */
	static int configuredServerPort(String... profiles) {
		Properties properties = applicationProperties(profiles);
		return Integer.parseInt(properties.getProperty("server.port", "8080"));
	}

	/**
	 * The application's properties files, the profiles' overriding the default one.
	 * @param profiles the active profiles
	 * @return the merged properties
	 */
	static Properties applicationProperties(String... profiles) {
		Properties properties = new Properties();
		List<String> files = new ArrayList<>();
		files.add("src/main/resources/application.properties");
		for (String profile : profiles) {
			files.add("src/main/resources/application-" + profile + ".properties");
		}
		for (String file : files) {
			if (Files.exists(path(file))) {
				try (Reader reader = Files.newBufferedReader(path(file))) {
					properties.load(reader);
				}
				catch (IOException ex) {
					throw new UncheckedIOException(ex);
				}
			}
		}
		return properties;
	}

	/**
	 * The {@code -XX:MaxRAMPercentage} the Dockerfile's {@code JAVA_TOOL_OPTIONS} gives.
	 * @return the percentage
	 */
	static double dockerfileMaxRamPercentage() {
		Matcher matcher = Pattern.compile("(?m)^ENV JAVA_TOOL_OPTIONS=\"[^\"]*-XX:MaxRAMPercentage=([0-9.]+)")
			.matcher(text("Dockerfile"));
		if (!matcher.find()) {
			throw new IllegalStateException("The Dockerfile sets no -XX:MaxRAMPercentage in JAVA_TOOL_OPTIONS");
		}
		return Double.parseDouble(matcher.group(1));
	}

}
