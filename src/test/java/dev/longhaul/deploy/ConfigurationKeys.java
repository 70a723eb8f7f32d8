package dev.longhaul.deploy;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The documented configuration keys: those of every
 * {@code META-INF/spring-configuration-metadata.json} and
 * {@code additional-spring-configuration-metadata.json} on the class path (Boot's, the
 * libraries', Longhaul's own as the configuration processor wrote it), plus the keys of
 * the README's "Configuration" tables, for keys documented there only. An environment
 * variable is documented when it is the relaxed-binding form of a key
 * ({@code LONGHAUL_EMAIL_REQUIRE_STARTTLS} for {@code longhaul.email.require-starttls}),
 * or starts with the form of a map or list key ({@code LONGHAUL_SECURITY_USERS_0_NAME}
 * under {@code longhaul.security.users}).
 */
final class ConfigurationKeys {

	private static final List<String> CONTAINER_TYPES = List.of("java.util.Map", "java.util.List", "java.util.Set",
			"java.util.Collection");

	private static final Pattern CODE = Pattern.compile("`([^`]+)`");

	/** Relaxed-binding environment forms of the exact keys. */
	private final TreeSet<String> exact = new TreeSet<>();

	/** Environment forms of map and list keys, each followed by {@code _}. */
	private final TreeSet<String> prefixes = new TreeSet<>();

	private ConfigurationKeys() {
	}

	/**
	 * The keys of the class path's metadata and of the README.
	 * @param readme the README, whose "Configuration" section is read
	 * @return the keys
	 */
	static ConfigurationKeys load(Path readme) {
		ConfigurationKeys keys = new ConfigurationKeys();
		keys.addMetadata("META-INF/spring-configuration-metadata.json");
		keys.addMetadata("META-INF/additional-spring-configuration-metadata.json");
		keys.addReadme(readme);
		return keys;
	}

	/**
	 * Keys given directly, for tests of this class.
	 * @param exact exact keys
	 * @param containers map or list keys
	 * @return the keys
	 */
	static ConfigurationKeys of(List<String> exact, List<String> containers) {
		ConfigurationKeys keys = new ConfigurationKeys();
		exact.forEach((key) -> keys.exact.add(environmentForm(key)));
		containers.forEach((key) -> keys.prefixes.add(environmentForm(key) + "_"));
		return keys;
	}

	/**
	 * Whether an environment variable sets a documented key.
	 * @param variable the variable's name
	 * @return whether it does
	 */
	boolean documents(String variable) {
		String name = variable.toUpperCase(Locale.ROOT);
		return this.exact.contains(name) || this.prefixes.stream().anyMatch(name::startsWith);
	}

	/**
	 * The variables, among those given, that set no documented key.
	 * @param variables the variables' names
	 * @return those not documented, in the order given
	 */
	List<String> undocumented(Iterable<String> variables) {
		List<String> undocumented = new ArrayList<>();
		variables.forEach((variable) -> {
			if (!documents(variable)) {
				undocumented.add(variable);
			}
		});
		return undocumented;
	}

	int size() {
		return this.exact.size() + this.prefixes.size();
	}

	/**
	 * The environment form of a key: upper case, with {@code .}, {@code -}, {@code [} as
	 * {@code _} and {@code ]} dropped.
	 * @param key the key, e.g. {@code spring.mail.properties[mail.smtp.timeout]}
	 * @return e.g. {@code SPRING_MAIL_PROPERTIES_MAIL_SMTP_TIMEOUT}
	 */
	static String environmentForm(String key) {
		return key.replace("]", "").replaceAll("[.\\-\\[]", "_").toUpperCase(Locale.ROOT);
	}

	private void addMetadata(String resource) {
		JsonMapper json = JsonMapper.builder().build();
		try {
			for (URL url : Collections.list(getClass().getClassLoader().getResources(resource))) {
				try (InputStream in = url.openStream()) {
					JsonNode properties = json.readTree(in).path("properties");
					for (JsonNode property : properties) {
						String name = property.get("name").asString();
						String type = property.has("type") ? property.get("type").asString() : "";
						if (CONTAINER_TYPES.stream().anyMatch(type::startsWith) || type.endsWith("[]")) {
							this.prefixes.add(environmentForm(name) + "_");
						}
						this.exact.add(environmentForm(name));
					}
				}
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * Reads the first cell of each row of the README's "Configuration" tables: full keys,
	 * keys relative to the first one's parent ({@code port} after
	 * {@code spring.mail.host}), and placeholders ({@code [i]}, {@code <type>},
	 * {@code .*}) that make the part before them a prefix.
	 */
	private void addReadme(Path readme) {
		List<String> lines;
		try {
			lines = Files.readAllLines(readme);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		boolean inSection = false;
		for (String line : lines) {
			if (line.startsWith("## ")) {
				inSection = line.equals("## Configuration");
				continue;
			}
			if (!inSection || !line.startsWith("| `")) {
				continue;
			}
			String firstCell = line.substring(1, line.indexOf('|', 1));
			Matcher code = CODE.matcher(firstCell);
			String parent = null;
			String base = null;
			while (code.find()) {
				String token = code.group(1).trim();
				String key;
				if (token.startsWith("longhaul.") || token.startsWith("spring.") || token.startsWith("server.")
						|| token.startsWith("management.")) {
					key = token;
					int bracket = key.indexOf('[');
					String plain = (bracket >= 0) ? key.substring(0, bracket) : key;
					base = plain;
					parent = plain.substring(0, plain.lastIndexOf('.') + 1);
				}
				else if (token.startsWith("[") && base != null) {
					key = base + token;
				}
				else if (parent != null) {
					key = parent + (token.startsWith(".") ? token.substring(1) : token);
				}
				else {
					continue;
				}
				addReadmeKey(key);
			}
		}
	}

	private void addReadmeKey(String key) {
		int placeholder = indexOfPlaceholder(key);
		if (placeholder >= 0) {
			this.prefixes.add(environmentForm(key.substring(0, placeholder)) + "_");
		}
		else {
			this.exact.add(environmentForm(key));
		}
	}

	private static int indexOfPlaceholder(String key) {
		int index = -1;
		for (String placeholder : List.of("[i]", ".<", ".*")) {
			int at = key.indexOf(placeholder);
			if (at >= 0 && (index < 0 || at < index)) {
				index = at;
			}
		}
		return index;
	}

}
