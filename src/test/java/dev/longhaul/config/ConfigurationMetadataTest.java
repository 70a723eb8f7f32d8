package dev.longhaul.config;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import dev.longhaul.support.BuildOutput;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The configuration metadata that the build packages
 * ({@code META-INF/spring-configuration-metadata.json}, written by Boot's configuration
 * processor from the properties records and
 * {@code additional-spring-configuration-metadata.json}) and the README's Configuration
 * section describe the same {@code longhaul.*} keys, each with a description: what an IDE
 * completes is what the README documents. The keys are read from the README's tables
 * rather than listed here, so a row added there is checked at once.
 */
class ConfigurationMetadataTest {

	private static final String METADATA = "META-INF/spring-configuration-metadata.json";

	private static final Pattern CODE = Pattern.compile("`([^`]+)`");

	private final Map<String, JsonNode> metadata = metadata();

	private final Set<String> documented = documentedKeys(Path.of("README.md"));

	@Test
	void readmeTablesAreReadWithTheirShorthands() {
		// `longhaul.queue.retry-initial`, `retry-max`: a sibling; `.flush-interval`: the
		// same.
		assertThat(this.documented).contains("longhaul.email.from", "longhaul.queue.retry-max",
				"longhaul.queue.completion.flush-interval", "longhaul.security.users[i].password",
				"longhaul.jobs.<type>.*", "longhaul.workers.email-sender.*");
	}

	@Test
	void everyKeyTheReadmeDocumentsHasMetadataWithADescription() {
		List<String> problems = new ArrayList<>();
		for (String key : this.documented) {
			JsonNode property = describing(key);
			if (property == null) {
				problems.add(key + ": no metadata");
			}
			else if (text(property, "description").isBlank()) {
				problems.add(key + ": no description in the metadata of " + text(property, "name"));
			}
		}
		assertThat(problems).isEmpty();
	}

	@Test
	void everyLonghaulKeyInTheMetadataIsDocumentedInTheReadme() {
		List<String> undocumented = this.metadata.keySet()
			.stream()
			.filter((name) -> name.startsWith("longhaul."))
			.filter((name) -> !this.metadata.get(name).has("deprecation"))
			.filter((name) -> this.documented.stream().noneMatch((key) -> covers(name, key)))
			.toList();

		assertThat(undocumented).as("longhaul.* keys with no row in the README's Configuration section").isEmpty();
	}

	/**
	 * The metadata entry that describes a documented key: its own, or that of the map or
	 * list it is an entry of ({@code longhaul.workers.<name>.*} is described by
	 * {@code longhaul.workers}, {@code longhaul.security.users[i].name} by
	 * {@code longhaul.security.users}).
	 */
	private @Nullable JsonNode describing(String key) {
		JsonNode exact = this.metadata.get(key);
		if (exact != null) {
			return exact;
		}
		return this.metadata.values()
			.stream()
			.filter((property) -> covers(text(property, "name"), key))
			.filter((property) -> text(property, "type").startsWith("java.util.Map<")
					|| text(property, "type").startsWith("java.util.List<"))
			.findFirst()
			.orElse(null);
	}

	private static String text(JsonNode property, String field) {
		JsonNode value = property.path(field);
		return value.isString() ? value.asString() : "";
	}

	private static boolean covers(String name, String key) {
		return key.equals(name) || key.startsWith(name + ".") || key.startsWith(name + "[");
	}

	private Map<String, JsonNode> metadata() {
		URL url = BuildOutput.find(METADATA)
			.orElseThrow(() -> new AssertionError("No " + METADATA + " among the application's classes: "
					+ "the configuration processor did not run (annotationProcessorPaths in pom.xml)"));
		Map<String, JsonNode> properties = new LinkedHashMap<>();
		try (InputStream in = url.openStream()) {
			for (JsonNode property : JsonMapper.builder().build().readTree(in).get("properties")) {
				properties.put(text(property, "name"), property);
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return properties;
	}

	/**
	 * The {@code longhaul.*} keys in the first column of the tables of the README's
	 * Configuration section. A cell may name several keys: after a full key,
	 * {@code `retry-max`} and {@code `.flush-interval`} are its siblings.
	 */
	static Set<String> documentedKeys(Path readme) {
		List<String> lines;
		try {
			lines = Files.readAllLines(readme, StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		int start = lines.indexOf("## Configuration");
		assertThat(start).as("the README's Configuration section").isNotNegative();
		Set<String> keys = new LinkedHashSet<>();
		for (String line : lines.subList(start + 1, lines.size())) {
			if (line.startsWith("## ")) {
				break;
			}
			String[] cells = line.split("\\|");
			if (line.startsWith("|") && cells.length > 1) {
				keys.addAll(keysIn(cells[1]));
			}
		}
		return keys;
	}

	private static List<String> keysIn(String cell) {
		List<String> keys = new ArrayList<>();
		Optional<String> base = Optional.empty();
		Matcher code = CODE.matcher(cell);
		while (code.find()) {
			String token = code.group(1).trim();
			String key;
			if (token.contains(".") && !token.startsWith(".")) {
				key = token;
				base = Optional.of(token);
			}
			else if (base.isPresent()) {
				String parent = base.get().substring(0, base.get().lastIndexOf('.'));
				key = parent + "." + (token.startsWith(".") ? token.substring(1) : token);
			}
			else {
				continue;
			}
			if (key.startsWith("longhaul.")) {
				keys.add(key);
			}
		}
		return keys;
	}

}
