package dev.longhaul.queue;

import java.util.Iterator;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Hides personal data in what operators see of a job, as the logs hide it: every email
 * address as {@code a***@example.com}, an address entry ({@code "Ada <ada@example.com>"})
 * as its masked address alone, and long texts cut short, so that a payload shows its
 * shape and its ids but no message body or list of recipients in full.
 * <p>
 * Thread-safe.
 */
public final class PersonalData {

	/** The longest text shown of a payload's string; the rest is cut. */
	public static final int MAX_TEXT = 200;

	/** The most items of an array, or fields of an object, shown of a payload. */
	public static final int MAX_ITEMS = 100;

	/**
	 * Masked before cutting, a little more than is shown: no local part (64 characters at
	 * most) that begins in the shown part escapes its mask, and the pattern never runs
	 * over a whole megabyte.
	 */
	private static final int MASKED_PREFIX = MAX_TEXT + 100;

	private static final Pattern ADDRESS = Pattern
		.compile("([^\\s<>()\\[\\],;:\"@])[^\\s<>()\\[\\],;:\"@]*(@[\\w.-]+)");

	/**
	 * A whole value that is one address entry: an address, or a name and one in
	 * {@code <>}.
	 */
	private static final Pattern ENTRY = Pattern
		.compile("\\s*(?:[^<>@\"]*<\\s*)?([^\\s<>()\\[\\],;:\"@])[^\\s<>()\\[\\],;:\"@]*(@[\\w.-]+)\\s*>?\\s*");

	private PersonalData() {
	}

	/**
	 * Masks every email address in a text, such as an SMTP reply that echoes the
	 * recipient.
	 * @param text the text
	 * @return the text with each address as {@code a***@example.com}
	 */
	public static String maskAddresses(String text) {
		return ADDRESS.matcher(text).replaceAll("$1***$2");
	}

	/**
	 * A text as an operator may see it: the handler's own masking of its logged reasons,
	 * then every address masked (an address entry as its masked address alone), cut to
	 * {@value #MAX_TEXT} characters with the length it had.
	 * @param text the text
	 * @param handlerMask the masking of the job type's log lines
	 * @return the masked text
	 */
	public static String maskText(String text, UnaryOperator<String> handlerMask) {
		String prefix = (text.length() > MASKED_PREFIX) ? text.substring(0, MASKED_PREFIX) : text;
		Matcher entry = ENTRY.matcher(prefix);
		String masked = entry.matches() ? entry.group(1) + "***" + entry.group(2)
				: maskAddresses(handlerMask.apply(prefix));
		if (text.length() <= MAX_TEXT && masked.length() <= MAX_TEXT) {
			return masked;
		}
		return masked.substring(0, Math.min(masked.length(), MAX_TEXT)) + "… (" + text.length() + " characters)";
	}

	/**
	 * A job's payload as an operator may see it: its JSON with every text
	 * {@link #maskText masked}, every field name's addresses masked, and at most
	 * {@value #MAX_ITEMS} items per array or object; a payload that is no JSON is one
	 * masked text.
	 * @param payload the stored payload
	 * @param json the mapper that reads it
	 * @param handlerMask the masking of the job type's log lines
	 * @return the masked payload
	 */
	public static JsonNode maskPayload(String payload, JsonMapper json, UnaryOperator<String> handlerMask) {
		JsonNode tree;
		try {
			tree = json.readTree(payload);
		}
		catch (JacksonException ex) {
			tree = null;
		}
		if (tree == null || tree.isMissingNode()) {
			return JsonNodeFactory.instance.stringNode(maskText(payload, handlerMask));
		}
		return mask(tree, handlerMask);
	}

	private static JsonNode mask(JsonNode node, UnaryOperator<String> handlerMask) {
		if (node.isString()) {
			return JsonNodeFactory.instance.stringNode(maskText(node.asString(), handlerMask));
		}
		if (node.isArray()) {
			ArrayNode masked = JsonNodeFactory.instance.arrayNode();
			int shown = 0;
			for (JsonNode item : node) {
				if (shown++ == MAX_ITEMS) {
					masked.add("… (" + node.size() + " items)");
					break;
				}
				masked.add(mask(item, handlerMask));
			}
			return masked;
		}
		if (node.isObject()) {
			ObjectNode masked = JsonNodeFactory.instance.objectNode();
			int shown = 0;
			Iterator<Map.Entry<String, JsonNode>> fields = node.properties().iterator();
			while (fields.hasNext()) {
				Map.Entry<String, JsonNode> field = fields.next();
				if (shown++ == MAX_ITEMS) {
					masked.put("…", node.size() + " fields");
					break;
				}
				masked.set(maskText(field.getKey(), UnaryOperator.identity()), mask(field.getValue(), handlerMask));
			}
			return masked;
		}
		return node;
	}

}
