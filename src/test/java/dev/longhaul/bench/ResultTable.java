package dev.longhaul.bench;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The results, one row per measurement and one column per database, printed as a Markdown
 * table. Rows keep the order in which they were first set.
 */
final class ResultTable {

	static final String H2 = "H2";

	static final String POSTGRES = "PostgreSQL";

	private static final List<String> COLUMNS = List.of(H2, POSTGRES);

	private static final Pattern SCENARIO = Pattern.compile("\\((\\d+)\\)");

	private final Map<String, Map<String, String>> rows = new LinkedHashMap<>();

	/**
	 * Sets one cell, and prints it at once so a long run shows progress.
	 * @param row what was measured, with its unit
	 * @param column {@link #H2} or {@link #POSTGRES}
	 * @param value the figure
	 */
	synchronized void put(String row, String column, String value) {
		this.rows.computeIfAbsent(row, (key) -> new LinkedHashMap<>()).put(column, value);
		System.out.printf("  %-10s %s: %s%n", column, row, value);
	}

	/**
	 * Sets the cell of a row that involves no database (scenario 8): its figure goes in
	 * the first column, "–" in the other.
	 * @param row what was measured, with its unit
	 * @param value the figure
	 */
	synchronized void putWithoutDatabase(String row, String value) {
		this.rows.computeIfAbsent(row, (key) -> new LinkedHashMap<>()).put(COLUMNS.get(0), value);
		System.out.printf("  %-10s %s: %s%n", "no db", row, value);
	}

	synchronized String toMarkdown() {
		List<String[]> lines = new ArrayList<>();
		lines.add(header());
		// Scenario by scenario, each in the order its rows were first set.
		List<Map.Entry<String, Map<String, String>>> entries = new ArrayList<>(this.rows.entrySet());
		entries.sort(Comparator.comparingInt((entry) -> scenario(entry.getKey())));
		entries.forEach((entry) -> {
			String row = entry.getKey();
			Map<String, String> cells = entry.getValue();
			String[] line = new String[COLUMNS.size() + 1];
			line[0] = row;
			for (int i = 0; i < COLUMNS.size(); i++) {
				line[i + 1] = cells.getOrDefault(COLUMNS.get(i), "–");
			}
			lines.add(line);
		});
		int[] widths = new int[COLUMNS.size() + 1];
		for (String[] line : lines) {
			for (int i = 0; i < line.length; i++) {
				widths[i] = Math.max(widths[i], line[i].length());
			}
		}
		StringBuilder table = new StringBuilder();
		for (int l = 0; l < lines.size(); l++) {
			appendLine(table, lines.get(l), widths);
			if (l == 0) {
				String[] rule = new String[widths.length];
				for (int i = 0; i < widths.length; i++) {
					rule[i] = (i == 0) ? "-".repeat(widths[i]) : "-".repeat(widths[i] - 1) + ":";
				}
				appendLine(table, rule, widths);
			}
		}
		return table.toString();
	}

	/** The scenario number a row starts with, such as 10 for "(10) ...". */
	private static int scenario(String row) {
		Matcher matcher = SCENARIO.matcher(row);
		return matcher.lookingAt() ? Integer.parseInt(matcher.group(1)) : Integer.MAX_VALUE;
	}

	private static String[] header() {
		String[] header = new String[COLUMNS.size() + 1];
		header[0] = "scenario";
		for (int i = 0; i < COLUMNS.size(); i++) {
			header[i + 1] = COLUMNS.get(i);
		}
		return header;
	}

	private static void appendLine(StringBuilder table, String[] cells, int[] widths) {
		table.append('|');
		for (int i = 0; i < cells.length; i++) {
			String cell = cells[i];
			String padding = " ".repeat(widths[i] - cell.length());
			table.append(' ').append((i == 0) ? cell + padding : padding + cell).append(" |");
		}
		table.append('\n');
	}

}
