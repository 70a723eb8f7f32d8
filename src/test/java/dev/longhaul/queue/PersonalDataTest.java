package dev.longhaul.queue;

import java.time.Duration;
import java.util.function.UnaryOperator;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

class PersonalDataTest {

	private static final JsonMapper json = JsonMapper.builder().build();

	private static final UnaryOperator<String> NONE = UnaryOperator.identity();

	@Test
	void addressEntryIsShownAsItsMaskedAddressAlone() {
		assertThat(PersonalData.maskText("Ada Lovelace <ada@example.com>", NONE)).isEqualTo("a***@example.com");
		assertThat(PersonalData.maskText("  ada@example.com ", NONE)).isEqualTo("a***@example.com");
	}

	@Test
	void addressesInATextAreMaskedAndTheRestKept() {
		assertThat(PersonalData.maskText("550 <ada@example.com>: no such user; cc bob@x.org", NONE))
			.isEqualTo("550 <a***@example.com>: no such user; cc b***@x.org");
		assertThat(PersonalData.maskText("no address here", NONE)).isEqualTo("no address here");
	}

	@Test
	void theHandlersOwnMaskingAppliesToo() {
		assertThat(PersonalData.maskText("order for customer 12345", (text) -> text.replace("12345", "#####")))
			.isEqualTo("order for customer #####");
	}

	@Test
	void longTextIsCutWithItsLengthAndAnAddressAcrossTheCutStaysMasked() {
		String text = "y".repeat(190) + " ada.lovelace@example.com " + "z".repeat(500);

		String masked = PersonalData.maskText(text, NONE);

		assertThat(masked).isEqualTo("y".repeat(190) + " a***@exam" + "… (" + text.length() + " characters)");
		assertThat(masked).doesNotContain("lovelace");
	}

	@Test
	void aMegabyteWithoutSpacesIsMaskedAtOnce() {
		String huge = "a".repeat(1_000_000);

		String masked = assertTimeoutPreemptively(Duration.ofSeconds(2), () -> PersonalData.maskText(huge, NONE));

		assertThat(masked).startsWith("a".repeat(200)).endsWith("… (1000000 characters)");
	}

	@Test
	void payloadKeepsItsShapeNumbersAndFieldNamesWithTextsMaskedAndLongListsCut() {
		StringBuilder ids = new StringBuilder();
		for (int i = 0; i < 150; i++) {
			ids.append((i > 0) ? "," : "").append(i);
		}
		JsonNode masked = PersonalData.maskPayload("""
				{"dataset": 7, "notify": "ada@example.com", "ok": true, "none": null, "ids": [%s],
				 "byAddress": {"bob@example.org": 1}}
				""".formatted(ids), json, NONE);

		assertThat(masked.get("dataset").asInt()).isEqualTo(7);
		assertThat(masked.get("notify").asString()).isEqualTo("a***@example.com");
		assertThat(masked.get("ok").asBoolean()).isTrue();
		assertThat(masked.get("none").isNull()).isTrue();
		assertThat(masked.get("ids").size()).isEqualTo(101);
		assertThat(masked.get("ids").get(100).asString()).isEqualTo("… (150 items)");
		assertThat(masked.get("byAddress").has("b***@example.org")).isTrue();
	}

	@Test
	void payloadThatIsNoJsonIsOneMaskedText() {
		assertThat(PersonalData.maskPayload("to ada@example.com {", json, NONE).asString())
			.isEqualTo("to a***@example.com {");
		assertThat(PersonalData.maskPayload("", json, NONE).asString()).isEmpty();
	}

}
