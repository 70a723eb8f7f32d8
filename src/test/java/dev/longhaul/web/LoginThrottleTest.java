package dev.longhaul.web;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.web.authentication.WebAuthenticationDetails;

import dev.longhaul.support.MutableClock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Failed sign-ins are throttled per user name and per client address, without a password
 * check while refused, and credentials already accepted keep working.
 */
@ExtendWith(OutputCaptureExtension.class)
class LoginThrottleTest {

	private final AtomicInteger checks = new AtomicInteger();

	private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));

	private final LoginThrottle throttle = new LoginThrottle(new LoginThrottleProperties(3, 5, Duration.ofMinutes(5)),
			this.clock);

	private final AuthenticationProvider provider = new CachedCredentials(
			new ThrottledAuthentication(new AuthenticationProvider() {

				@Override
				public Authentication authenticate(Authentication authentication) {
					LoginThrottleTest.this.checks.incrementAndGet();
					if (!"right".equals(authentication.getCredentials())) {
						throw new BadCredentialsException("Bad credentials");
					}
					return UsernamePasswordAuthenticationToken.authenticated(authentication.getName(), null,
							List.of(new SimpleGrantedAuthority("ROLE_ADMIN")));
				}

				@Override
				public boolean supports(Class<?> authentication) {
					return true;
				}

			}, this.throttle), Duration.ofMinutes(5), this.clock);

	private static Authentication login(String user, String password, String address) {
		UsernamePasswordAuthenticationToken login = UsernamePasswordAuthenticationToken.unauthenticated(user, password);
		login.setDetails(new WebAuthenticationDetails(address, null));
		return login;
	}

	private void fail(String user, String address) {
		assertThatExceptionOfType(BadCredentialsException.class)
			.isThrownBy(() -> this.provider.authenticate(login(user, "wrong", address)));
	}

	@Test
	void aNameThatFailedTooOftenIsRefusedWithoutAPasswordCheckUntilTheWindowEnds() {
		fail("ada", "192.0.2.1");
		fail("ADA", "192.0.2.2");
		fail("Ada", "192.0.2.3");
		this.checks.set(0);
		this.clock.advance(Duration.ofMinutes(1));

		assertThatExceptionOfType(LoginThrottledException.class)
			.isThrownBy(() -> this.provider.authenticate(login("ada", "right", "192.0.2.4")))
			.satisfies((ex) -> assertThat(ex.retryAfterSeconds()).isEqualTo(240));
		assertThat(this.checks).as("no password check while refused").hasValue(0);

		this.clock.advance(Duration.ofMinutes(4));
		assertThat(this.provider.authenticate(login("ada", "right", "192.0.2.4")).isAuthenticated()).isTrue();
	}

	@Test
	void anAddressThatFailedTooOftenIsRefusedWhateverTheName() {
		for (int i = 0; i < 5; i++) {
			fail("guess-" + i, "198.51.100.7");
		}

		assertThatExceptionOfType(LoginThrottledException.class)
			.isThrownBy(() -> this.provider.authenticate(login("someone-else", "right", "198.51.100.7")));
		assertThat(this.provider.authenticate(login("someone-else", "right", "198.51.100.8")).isAuthenticated())
			.isTrue();
	}

	@Test
	void credentialsAcceptedBeforeKeepWorkingWhileTheirNameIsRefused() {
		this.provider.authenticate(login("ada", "right", "192.0.2.1"));
		for (int i = 0; i < 3; i++) {
			fail("ada", "203.0.113.9");
		}

		assertThat(this.provider.authenticate(login("ada", "right", "192.0.2.1")).isAuthenticated()).isTrue();
		assertThatExceptionOfType(LoginThrottledException.class)
			.isThrownBy(() -> this.provider.authenticate(login("ada", "other", "192.0.2.1")));
	}

	@Test
	void aSuccessForgetsTheNamesFailures() {
		fail("ada", "192.0.2.1");
		fail("ada", "192.0.2.1");
		this.provider.authenticate(login("ada", "right", "192.0.2.1"));
		fail("ada", "192.0.2.1");
		fail("ada", "192.0.2.1");

		assertThat(this.throttle.refusal("ada", null)).isNull();
	}

	@Test
	void aBurstIsLoggedOnceNotPerAttempt(CapturedOutput output) {
		for (int i = 0; i < 3; i++) {
			fail("mallory\r\nforged line", "192.0.2.1");
		}
		for (int i = 0; i < 10; i++) {
			assertThatExceptionOfType(LoginThrottledException.class)
				.isThrownBy(() -> this.provider.authenticate(login("mallory\r\nforged line", "wrong", "192.0.2.1")));
		}

		assertThat(output.getOut().lines().filter((line) -> line.contains("failed sign-ins for user"))).singleElement()
			.satisfies((line) -> assertThat(line).contains("'mallory??forged line'"));
	}

}
