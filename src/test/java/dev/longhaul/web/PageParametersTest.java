package dev.longhaul.web;

import org.junit.jupiter.api.Test;

import dev.longhaul.validation.Violation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The page and size rules every listing shares, and the violations a client gets back.
 */
class PageParametersTest {

	@Test
	void pageFromZeroAndSizeUpToTheMaximumAreAccepted() {
		assertThat(PageParameters.of(0, 1, 100)).isEqualTo(new PageParameters(0, 1));
		assertThat(PageParameters.of(7, 100, 100)).isEqualTo(new PageParameters(7, 100));
	}

	@Test
	void negativePageIsRefusedNamingPage() {
		assertThatExceptionOfType(InvalidRequestException.class).isThrownBy(() -> PageParameters.of(-1, 20, 100))
			.satisfies((ex) -> assertThat(ex.violations()).containsExactly(new Violation("page", "must be 0 or more")));
	}

	@Test
	void sizeOutOfRangeIsRefusedNamingSizeAndTheMaximum() {
		Violation violation = new Violation("size", "must be between 1 and 100");
		assertThatExceptionOfType(InvalidRequestException.class).isThrownBy(() -> PageParameters.of(0, 0, 100))
			.satisfies((ex) -> assertThat(ex.violations()).containsExactly(violation));
		assertThatExceptionOfType(InvalidRequestException.class).isThrownBy(() -> PageParameters.of(0, 101, 100))
			.satisfies((ex) -> assertThat(ex.violations()).containsExactly(violation));
		assertThatExceptionOfType(InvalidRequestException.class).isThrownBy(() -> PageParameters.checkSize(201, 200))
			.satisfies((ex) -> assertThat(ex.violations())
				.containsExactly(new Violation("size", "must be between 1 and 200")));
	}

	@Test
	void pageIsCheckedBeforeSize() {
		assertThatExceptionOfType(InvalidRequestException.class).isThrownBy(() -> PageParameters.of(-1, 0, 100))
			.satisfies((ex) -> assertThat(ex.violations()).extracting(Violation::field).containsExactly("page"));
	}

}
