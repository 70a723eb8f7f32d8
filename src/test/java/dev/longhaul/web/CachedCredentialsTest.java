package dev.longhaul.web;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.authentication.dao.DaoAuthenticationProvider;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;

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
		return login("ada", password);
	}

	private static Authentication login(String user, String password) {
		return UsernamePasswordAuthenticationToken.unauthenticated(user, password);
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

	@Test
	void caseVariantsOfANameShareOneEntry() {
		this.cache.authenticate(login("ada", "right"));
		this.cache.authenticate(login("ADA", "right"));
		this.cache.authenticate(login("Ada", "right"));

		assertThat(this.checks).hasValue(1);
		assertThat(this.cache.size()).isEqualTo(1);
	}

	@Test
	void failedAttemptsNeitherEnterNorEvictRememberedCredentials() {
		this.cache.authenticate(login("right"));

		for (int i = 0; i < 3 * CachedCredentials.MAX_ENTRIES; i++) {
			Authentication unknown = login("user-" + i, "wrong");
			assertThatExceptionOfType(BadCredentialsException.class).isThrownBy(() -> this.cache.authenticate(unknown));
		}
		this.checks.set(0);
		this.cache.authenticate(login("right"));

		assertThat(this.checks).as("still remembered").hasValue(0);
		assertThat(this.cache.size()).isEqualTo(1);
	}

	@Test
	void rememberedCredentialsAreBoundedInNumber() {
		CachedCredentials small = new CachedCredentials(new AuthenticationProvider() {

			@Override
			public Authentication authenticate(Authentication authentication) {
				return UsernamePasswordAuthenticationToken.authenticated(authentication.getName(), null, List.of());
			}

			@Override
			public boolean supports(Class<?> authentication) {
				return true;
			}

		}, Duration.ofMinutes(5), this.clock, 100);

		for (int i = 0; i < 1000; i++) {
			small.authenticate(login("user-" + i, "right"));
		}

		assertThat(small.size()).isLessThanOrEqualTo(100);
	}

	@Test
	void unknownUsersCostTheSamePasswordCheckAsKnownOnesBehindTheCache() {
		PasswordEncoder delegating = PasswordEncoderFactories.createDelegatingPasswordEncoder();
		List<String> checkedAgainst = new ArrayList<>();
		PasswordEncoder recording = new PasswordEncoder() {

			@Override
			public String encode(CharSequence rawPassword) {
				return delegating.encode(rawPassword);
			}

			@Override
			public boolean matches(CharSequence rawPassword, String encodedPassword) {
				checkedAgainst.add(encodedPassword);
				return delegating.matches(rawPassword, encodedPassword);
			}

		};
		DaoAuthenticationProvider passwords = new DaoAuthenticationProvider(new InMemoryUserDetailsManager(
				User.withUsername("ada").password(delegating.encode("right")).roles("ADMIN").build()));
		passwords.setPasswordEncoder(recording);
		CachedCredentials cached = new CachedCredentials(passwords, Duration.ofMinutes(5), this.clock);

		assertThatExceptionOfType(BadCredentialsException.class)
			.isThrownBy(() -> cached.authenticate(login("nobody", "guess")));
		assertThatExceptionOfType(BadCredentialsException.class)
			.isThrownBy(() -> cached.authenticate(login("ada", "guess")));

		assertThat(checkedAgainst).hasSize(2).allSatisfy((hash) -> assertThat(hash).startsWith("{bcrypt}$2a$10$"));
	}

	@Test
	void concurrentChecksOfTheSameCredentialsShareOneCheck() throws Exception {
		CountDownLatch entered = new CountDownLatch(1);
		CountDownLatch release = new CountDownLatch(1);
		AtomicInteger slowChecks = new AtomicInteger();
		CachedCredentials slow = new CachedCredentials(new AuthenticationProvider() {

			@Override
			public Authentication authenticate(Authentication authentication) {
				slowChecks.incrementAndGet();
				entered.countDown();
				try {
					release.await();
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
				}
				return UsernamePasswordAuthenticationToken.authenticated(authentication.getName(), null,
						List.of(new SimpleGrantedAuthority("ROLE_ADMIN")));
			}

			@Override
			public boolean supports(Class<?> authentication) {
				return true;
			}

		}, Duration.ofMinutes(5), this.clock);
		ExecutorService threads = Executors.newFixedThreadPool(8);
		try {
			List<Future<Authentication>> answers = new ArrayList<>();
			answers.add(threads.submit(() -> slow.authenticate(login("right"))));
			assertThat(entered.await(10, TimeUnit.SECONDS)).isTrue();
			List<Thread> waiting = new ArrayList<>();
			for (int i = 0; i < 7; i++) {
				answers.add(threads.submit(() -> {
					synchronized (waiting) {
						waiting.add(Thread.currentThread());
					}
					return slow.authenticate(login("right"));
				}));
			}
			// Every other request waits for the first one's check instead of running its
			// own.
			Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> {
				synchronized (waiting) {
					return waiting.size() == 7
							&& waiting.stream().allMatch((thread) -> thread.getState() == Thread.State.WAITING);
				}
			});
			release.countDown();
			for (Future<Authentication> answer : answers) {
				assertThat(answer.get(10, TimeUnit.SECONDS).isAuthenticated()).isTrue();
			}
			assertThat(slowChecks).hasValue(1);
		}
		finally {
			release.countDown();
			threads.shutdownNow();
		}
	}

}
