package dev.longhaul.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.bootstrap.DefaultBootstrapContext;
import org.springframework.boot.context.event.ApplicationEnvironmentPreparedEvent;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ApplicationListener;
import org.springframework.core.io.support.SpringFactoriesLoader;
import org.springframework.mock.env.MockEnvironment;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Development mode is one switch: {@code longhaul.dev-mode} if set, else on only when no
 * profile is active; a WARN line says so at start-up.
 */
@ExtendWith(OutputCaptureExtension.class)
class DevelopmentModeTest {

	@Test
	void isOnWithoutAProfile() {
		assertThat(DevelopmentMode.isOn(new MockEnvironment())).isTrue();
	}

	@ParameterizedTest
	@ValueSource(strings = { "prod", "production", "postgres", "staging" })
	void isOffUnderAnyProfile(String profile) {
		MockEnvironment environment = new MockEnvironment();
		environment.setActiveProfiles(profile);

		assertThat(DevelopmentMode.isOn(environment)).isFalse();
	}

	@Test
	void thePropertyWinsEitherWay() {
		MockEnvironment on = new MockEnvironment().withProperty("longhaul.dev-mode", "true");
		on.setActiveProfiles("postgres");
		MockEnvironment off = new MockEnvironment().withProperty("longhaul.dev-mode", "false");

		assertThat(DevelopmentMode.isOn(on)).isTrue();
		assertThat(DevelopmentMode.isOn(off)).isFalse();
	}

	@Test
	void startUpSaysOnceInAWarningThatItIsOn(CapturedOutput output) {
		MockEnvironment production = new MockEnvironment();
		production.setActiveProfiles("prod");

		prepared(new MockEnvironment());
		prepared(production);

		assertThat(output.getOut()).containsOnlyOnce("Development mode is on").contains("WARN");
	}

	@Test
	void theWarningIsRegisteredForEveryStart() {
		assertThat(SpringFactoriesLoader.forDefaultResourceLocation().load(ApplicationListener.class))
			.anyMatch(DevelopmentModeWarning.class::isInstance);
	}

	private static void prepared(MockEnvironment environment) {
		new DevelopmentModeWarning().onApplicationEvent(new ApplicationEnvironmentPreparedEvent(
				new DefaultBootstrapContext(), new SpringApplication(), new String[0], environment));
	}

}
