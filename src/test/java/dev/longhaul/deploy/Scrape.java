package dev.longhaul.deploy;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The series of a Prometheus text exposition ({@code /actuator/prometheus}): each series
 * name with its label names and the values seen for each.
 */
final class Scrape {

	private final Map<String, Map<String, Set<String>>> series = new LinkedHashMap<>();

	private Scrape() {
	}

	static Scrape parse(String exposition) {
		Scrape scrape = new Scrape();
		for (String line : exposition.split("\n")) {
			if (line.isBlank() || line.startsWith("#")) {
				continue;
			}
			int brace = line.indexOf('{');
			int space = line.indexOf(' ');
			int nameEnd = (brace >= 0 && (space < 0 || brace < space)) ? brace : space;
			Map<String, Set<String>> labels = scrape.series.computeIfAbsent(line.substring(0, nameEnd),
					(name) -> new LinkedHashMap<>());
			if (nameEnd == brace) {
				scrape.readLabels(line, brace + 1, labels);
			}
		}
		return scrape;
	}

	private void readLabels(String line, int from, Map<String, Set<String>> labels) {
		int at = from;
		while (at < line.length() && line.charAt(at) != '}') {
			int equals = line.indexOf('=', at);
			String name = line.substring(at, equals).trim();
			StringBuilder value = new StringBuilder();
			at = equals + 2;
			while (line.charAt(at) != '"') {
				if (line.charAt(at) == '\\') {
					at++;
				}
				value.append(line.charAt(at++));
			}
			at++;
			labels.computeIfAbsent(name, (ignored) -> new TreeSet<>()).add(value.toString());
			if (line.charAt(at) == ',') {
				at++;
			}
		}
	}

	boolean has(String name) {
		return this.series.containsKey(name);
	}

	Set<String> names() {
		return this.series.keySet();
	}

	Set<String> labels(String name) {
		return this.series.getOrDefault(name, Map.of()).keySet();
	}

	Set<String> values(String name, String label) {
		return this.series.getOrDefault(name, Map.of()).getOrDefault(label, Set.of());
	}

}
