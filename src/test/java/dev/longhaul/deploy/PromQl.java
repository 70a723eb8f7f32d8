package dev.longhaul.deploy;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Finds the series selectors of a PromQL expression (or a Grafana query holding one):
 * each metric name, used bare or followed by label matchers or a range, with its
 * matchers. Function and aggregation names, keywords, label lists of {@code by},
 * {@code on} and the like, strings, numbers, durations and Grafana variables
 * ({@code $instance}, {@code [$__rate_interval]}) are not metric names.
 */
final class PromQl {

	private static final Set<String> AGGREGATIONS = Set.of("sum", "min", "max", "avg", "group", "stddev", "stdvar",
			"count", "count_values", "bottomk", "topk", "quantile", "limitk", "limit_ratio");

	/**
	 * Followed by a list of label names in parentheses (optional for the group
	 * modifiers).
	 */
	private static final Set<String> LABEL_LIST_KEYWORDS = Set.of("by", "without", "on", "ignoring", "group_left",
			"group_right");

	private static final Set<String> KEYWORDS = Set.of("and", "or", "unless", "bool", "offset", "atan2", "inf", "nan");

	/** One label matcher, e.g. {@code state="failed"}. */
	record Matcher(String label, String operator, String value) {
	}

	/** A series selector: a metric name and its label matchers. */
	record Selector(String metric, List<Matcher> matchers) {
	}

	private final String text;

	private int at;

	private PromQl(String text) {
		this.text = text;
	}

	/**
	 * The selectors of an expression, in order of appearance.
	 * @param expression a PromQL expression
	 * @return its selectors
	 * @throws IllegalArgumentException if a string, label matcher or bracket is not
	 * closed
	 */
	static List<Selector> selectors(String expression) {
		return new PromQl(expression).parse();
	}

	/**
	 * The metric names of an expression.
	 * @param expression a PromQL expression
	 * @return the names, in order of first appearance
	 */
	static List<String> metricNames(String expression) {
		return selectors(expression).stream().map(Selector::metric).distinct().toList();
	}

	private List<Selector> parse() {
		List<Selector> selectors = new ArrayList<>();
		while (this.at < this.text.length()) {
			char c = this.text.charAt(this.at);
			if (c == '#') {
				int end = this.text.indexOf('\n', this.at);
				this.at = (end < 0) ? this.text.length() : end + 1;
			}
			else if (c == '"' || c == '\'' || c == '`') {
				string();
			}
			else if (c == '[') {
				skipPast(']');
			}
			else if (c == '$') {
				variable();
			}
			else if (c == '{') {
				// A selector without a metric name ({__name__="..."}): nothing to check
				// by name.
				matchers();
			}
			else if (Character.isDigit(c) || (c == '.' && this.at + 1 < this.text.length()
					&& Character.isDigit(this.text.charAt(this.at + 1)))) {
				while (this.at < this.text.length() && (Character.isLetterOrDigit(this.text.charAt(this.at))
						|| this.text.charAt(this.at) == '.' || this.text.charAt(this.at) == '_')) {
					this.at++;
				}
			}
			else if (isIdentifierStart(c)) {
				identifier(selectors);
			}
			else {
				this.at++;
			}
		}
		return selectors;
	}

	private void identifier(List<Selector> selectors) {
		int start = this.at;
		while (this.at < this.text.length() && isIdentifierPart(this.text.charAt(this.at))) {
			this.at++;
		}
		String name = this.text.substring(start, this.at);
		char next = nextNonSpace();
		String lower = name.toLowerCase(Locale.ROOT);
		if (LABEL_LIST_KEYWORDS.contains(lower)) {
			if (next == '(') {
				skipSpace();
				skipPast(')');
			}
			return;
		}
		if (next == '(' || AGGREGATIONS.contains(lower) || KEYWORDS.contains(lower)) {
			return;
		}
		List<Matcher> matchers = List.of();
		if (next == '{') {
			skipSpace();
			matchers = matchers();
		}
		selectors.add(new Selector(name, matchers));
	}

	private List<Matcher> matchers() {
		List<Matcher> matchers = new ArrayList<>();
		this.at++;
		while (true) {
			skipSpace();
			if (this.at >= this.text.length()) {
				throw new IllegalArgumentException("Label matchers not closed: " + this.text);
			}
			char c = this.text.charAt(this.at);
			if (c == '}') {
				this.at++;
				return matchers;
			}
			if (c == ',') {
				this.at++;
				continue;
			}
			String label;
			if (c == '"') {
				label = string();
			}
			else {
				int start = this.at;
				while (this.at < this.text.length() && isIdentifierPart(this.text.charAt(this.at))) {
					this.at++;
				}
				label = this.text.substring(start, this.at);
			}
			skipSpace();
			int start = this.at;
			while (this.at < this.text.length() && "=!~".indexOf(this.text.charAt(this.at)) >= 0) {
				this.at++;
			}
			String operator = this.text.substring(start, this.at);
			skipSpace();
			if (label.isEmpty() || operator.isEmpty() || this.at >= this.text.length()
					|| "\"'`".indexOf(this.text.charAt(this.at)) < 0) {
				// A bare quoted name is a metric name in Prometheus 3's UTF-8 syntax.
				if (operator.isEmpty() && !label.isEmpty()) {
					continue;
				}
				throw new IllegalArgumentException("Bad label matcher at " + this.at + ": " + this.text);
			}
			matchers.add(new Matcher(label, operator, string()));
		}
	}

	private String string() {
		char quote = this.text.charAt(this.at++);
		StringBuilder value = new StringBuilder();
		while (this.at < this.text.length()) {
			char c = this.text.charAt(this.at++);
			if (c == quote) {
				return value.toString();
			}
			if (c == '\\' && quote != '`' && this.at < this.text.length()) {
				c = this.text.charAt(this.at++);
			}
			value.append(c);
		}
		throw new IllegalArgumentException("String not closed: " + this.text);
	}

	private void variable() {
		this.at++;
		if (this.at < this.text.length() && this.text.charAt(this.at) == '{') {
			skipPast('}');
			return;
		}
		while (this.at < this.text.length() && isIdentifierPart(this.text.charAt(this.at))) {
			this.at++;
		}
	}

	private void skipPast(char close) {
		int end = this.text.indexOf(close, this.at);
		if (end < 0) {
			throw new IllegalArgumentException("'" + close + "' missing: " + this.text);
		}
		this.at = end + 1;
	}

	private char nextNonSpace() {
		int i = this.at;
		while (i < this.text.length() && Character.isWhitespace(this.text.charAt(i))) {
			i++;
		}
		return (i < this.text.length()) ? this.text.charAt(i) : 0;
	}

	private void skipSpace() {
		while (this.at < this.text.length() && Character.isWhitespace(this.text.charAt(this.at))) {
			this.at++;
		}
	}

	private static boolean isIdentifierStart(char c) {
		return Character.isLetter(c) || c == '_' || c == ':';
	}

	private static boolean isIdentifierPart(char c) {
		return Character.isLetterOrDigit(c) || c == '_' || c == ':';
	}

}
