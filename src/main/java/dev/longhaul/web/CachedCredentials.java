package dev.longhaul.web;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;
import org.jspecify.annotations.Nullable;

import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;

/**
 * Remembers, for a few minutes, credentials that a slow password check (bcrypt, about 70
 * ms of CPU here) accepted: API clients send HTTP Basic credentials with every request,
 * and checking bcrypt every time would cap the API at a few dozen requests per second per
 * core. The key is an HMAC-SHA256 of the lower-cased user name and the password under a
 * secret drawn at start-up, so the cache holds nothing a memory dump could test guesses
 * against, and case variants of a name share one entry. Only successes are remembered: a
 * failed attempt never enters the cache nor evicts anything from it. The cache is bounded
 * in size (least valuable entries go first) and time.
 */
final class CachedCredentials implements AuthenticationProvider {

	static final int MAX_ENTRIES = 10_000;

	private final AuthenticationProvider delegate;

	private final Cache<String, Authentication> accepted;

	private final SecretKeySpec secret;

	/**
	 * Checks under way, by key, so that concurrent requests with the same credentials
	 * share one.
	 */
	private final Map<String, CompletableFuture<@Nullable Authentication>> checking = new ConcurrentHashMap<>();

	CachedCredentials(AuthenticationProvider delegate, Duration ttl, Clock clock) {
		this(delegate, ttl, clock, MAX_ENTRIES);
	}

	CachedCredentials(AuthenticationProvider delegate, Duration ttl, Clock clock, int maxEntries) {
		this.delegate = delegate;
		this.accepted = Caffeine.newBuilder()
			.maximumSize(maxEntries)
			.expireAfterWrite(ttl)
			.ticker(ticker(clock))
			.executor(Runnable::run)
			.build();
		byte[] key = new byte[32];
		new SecureRandom().nextBytes(key);
		this.secret = new SecretKeySpec(key, "HmacSHA256");
	}

	/**
	 * A Caffeine ticker that reads the given clock, so tests can drive expiry.
	 * @param clock the clock
	 * @return the ticker
	 */
	static Ticker ticker(Clock clock) {
		return () -> Duration.ofMillis(clock.millis()).toNanos();
	}

	@Override
	public @Nullable Authentication authenticate(Authentication authentication) throws AuthenticationException {
		if (!(authentication.getCredentials() instanceof String password)) {
			return this.delegate.authenticate(authentication);
		}
		String key = key(authentication.getName(), password);
		Authentication remembered = this.accepted.getIfPresent(key);
		if (remembered != null) {
			return remembered;
		}
		// When the entry of a busy client expires, its next requests all miss at once:
		// one
		// of them checks the password, the others wait for its answer instead of running
		// a bcrypt each (a burst of them held every request thread for seconds).
		CompletableFuture<@Nullable Authentication> mine = new CompletableFuture<>();
		CompletableFuture<@Nullable Authentication> running = this.checking.putIfAbsent(key, mine);
		if (running != null) {
			Authentication answer = running.join();
			// A failed check is not shared: each attempt is checked (and counted) itself.
			return (answer != null) ? answer : this.delegate.authenticate(authentication);
		}
		try {
			Authentication result = this.delegate.authenticate(authentication);
			if (result != null && result.isAuthenticated()) {
				remembered = UsernamePasswordAuthenticationToken.authenticated(result.getPrincipal(), null,
						result.getAuthorities());
				this.accepted.put(key, remembered);
				mine.complete(remembered);
				return remembered;
			}
			mine.complete(null);
			return result;
		}
		catch (RuntimeException | Error ex) {
			mine.complete(null);
			throw ex;
		}
		finally {
			this.checking.remove(key, mine);
		}
	}

	@Override
	public boolean supports(Class<?> authentication) {
		return this.delegate.supports(authentication);
	}

	/**
	 * How many credentials are remembered now (after pending evictions).
	 * @return the number of entries
	 */
	long size() {
		this.accepted.cleanUp();
		return this.accepted.estimatedSize();
	}

	private String key(String user, String password) {
		try {
			Mac mac = Mac.getInstance("HmacSHA256");
			mac.init(this.secret);
			mac.update(user.toLowerCase(Locale.ROOT).getBytes(StandardCharsets.UTF_8));
			mac.update((byte) 0);
			return Base64.getEncoder().encodeToString(mac.doFinal(password.getBytes(StandardCharsets.UTF_8)));
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("HmacSHA256 is part of every Java runtime", ex);
		}
	}

}
