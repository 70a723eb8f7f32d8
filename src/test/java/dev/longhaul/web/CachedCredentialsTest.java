package dev.longhaul.web;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.authority.SimpleGrantedAuthority;

import dev.longhaul.support.MutableClock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class CachedCredentialsTest {

	private final AtomicInteger checks = new AtomicInteger();

	private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));

	private final CachedCredentials cache = new CachedCredentials(new AuthenticationProvider() {

		@Override
		public Authentication authenticate(Authentication authentication) {
			CachedCredentialsTest.this.checks.incrementAndGet();
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

	}, Duration.ofMinutes(5), this.clock);

	private static Authentication login(String password) {
		return UsernamePasswordAuthenticationToken.unauthenticated("ada", password);
	}

	@Test
	void acceptedCredentialsAreCheckedOnceUntilTheyExpire() {
		assertThat(this.cache.authenticate(login("right")).getAuthorities()).hasSize(1);
		assertThat(this.cache.authenticate(login("right")).isAuthenticated()).isTrue();
		assertThat(this.checks).hasValue(1);

		this.clock.advance(Duration.ofMinutes(6));
		this.cache.authenticate(login("right"));

		assertThat(this.checks).hasValue(2);
	}

	@Test
	void rejectedCredentialsAreCheckedEveryTimeAndNeverRemembered() {
		this.cache.authenticate(login("right"));

		assertThatExceptionOfType(BadCredentialsException.class)
			.isThrownBy(() -> this.cache.authenticate(login("wrong")));
		assertThatExceptionOfType(BadCredentialsException.class)
			.isThrownBy(() -> this.cache.authenticate(login("wrong")));
		assertThat(this.checks).hasValue(3);
	}

}
