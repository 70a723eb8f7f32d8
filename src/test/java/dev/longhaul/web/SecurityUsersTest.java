package dev.longhaul.web;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.boot.security.autoconfigure.SecurityProperties;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.mock.env.MockEnvironment;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;

import dev.longhaul.web.SecurityUsersProperties.Role;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * Where users come from: {@code longhaul.security.users}, Boot's
 * {@code spring.security.user}, or, with neither, a generated admin in development mode
 * and a start-up error outside it (any profile, or {@code longhaul.dev-mode=false}).
 */
@ExtendWith(OutputCaptureExtension.class)
class SecurityUsersTest {

	private final PasswordEncoder encoder = PasswordEncoderFactories.createDelegatingPasswordEncoder();

	@Test
	void configuredUsersNeedABcryptHashOrAnEncodingPrefix() {
		String hash = new BCryptPasswordEncoder().encode("s3cret");
		List<UserDetails> users = SecurityConfiguration.users(
				properties(new SecurityUsersProperties.User("ada", hash, Role.OPERATOR)), noBootUser(), this.encoder,
				new MockEnvironment());

		assertThat(users).singleElement().satisfies((ada) -> {
			assertThat(ada.getUsername()).isEqualTo("ada");
			assertThat(this.encoder.matches("s3cret", ada.getPassword())).isTrue();
			assertThat(ada.getAuthorities()).map(GrantedAuthority::getAuthority).containsExactly("ROLE_OPERATOR");
		});
		assertThatIllegalStateException()
			.isThrownBy(() -> SecurityConfiguration.users(
					properties(new SecurityUsersProperties.User("bob", "plain", Role.ADMIN)), noBootUser(),
					this.encoder, new MockEnvironment()))
			.withMessageContaining("longhaul.security.users of 'bob' must be a bcrypt hash");
	}

	@Test
	void bootsSingleUserIsAnAdminUnlessItsRolesSayOtherwise() {
		MockEnvironment environment = new MockEnvironment();
		UserDetails ops = SecurityConfiguration
			.users(properties(), bootUser("ops", "plain-password"), this.encoder, environment)
			.get(0);
		assertThat(this.encoder.matches("plain-password", ops.getPassword())).isTrue();
		assertThat(ops.getAuthorities()).map(GrantedAuthority::getAuthority).containsExactly("ROLE_ADMIN");

		assertThat(SecurityConfiguration
			.users(properties(), bootUser("ops", "plain-password", "viewer"), this.encoder, environment)
			.get(0)
			.getAuthorities()).map(GrantedAuthority::getAuthority).containsExactly("ROLE_VIEWER");

		assertThatIllegalStateException()
			.isThrownBy(() -> SecurityConfiguration.users(properties(), bootUser("ops", "plain-password", "superuser"),
					this.encoder, environment))
			.withMessageContaining("roles are viewer, operator and admin");
	}

	@Test
	void bootsSingleUserNamedWithoutAPasswordIsAStartupError() {
		SecurityProperties.User named = new SecurityProperties().getUser();
		named.setName("ops");

		assertThatIllegalStateException()
			.isThrownBy(() -> SecurityConfiguration.users(properties(), named, this.encoder, new MockEnvironment()))
			.withMessageContaining("spring.security.user.name is set but spring.security.user.password is not");
	}

	@Test
	void bootsSingleUserLeftAtItsDefaultsIsNoUser() {
		MockEnvironment production = new MockEnvironment().withProperty("longhaul.dev-mode", "false");

		assertThatIllegalStateException()
			.isThrownBy(() -> SecurityConfiguration.users(properties(), noBootUser(), this.encoder, production))
			.withMessageContaining("No users configured");
	}

	@Test
	void withoutUsersDevelopmentGetsAGeneratedAdminWhosePasswordIsLoggedOnce(CapturedOutput output) {
		List<UserDetails> users = SecurityConfiguration.users(properties(), noBootUser(), this.encoder,
				new MockEnvironment());

		Matcher logged = Pattern.compile("generated user 'admin' with password '([^']+)'").matcher(output.getOut());
		assertThat(logged.find()).isTrue();
		assertThat(logged.find()).as("logged once").isFalse();
		logged.reset().find();
		assertThat(users).singleElement().satisfies((admin) -> {
			assertThat(admin.getAuthorities()).map(GrantedAuthority::getAuthority).containsExactly("ROLE_ADMIN");
			assertThat(this.encoder.matches(logged.group(1), admin.getPassword())).isTrue();
			assertThat(admin.getPassword()).doesNotContain(logged.group(1));
		});
	}

	@ParameterizedTest
	@ValueSource(strings = { "prod", "production", "postgres" })
	void withoutUsersAnyProfileRefusesToStart(String profile, CapturedOutput output) {
		MockEnvironment environment = new MockEnvironment();
		environment.setActiveProfiles(profile);

		assertThatIllegalStateException()
			.isThrownBy(() -> SecurityConfiguration.users(properties(), noBootUser(), this.encoder, environment))
			.withMessageContaining("No users configured, and development mode is off");
		assertThat(output.getOut()).doesNotContain("generated user");
	}

	@Test
	void withoutUsersDevelopmentModeTurnedOffRefusesToStartAndTurnedOnGeneratesAnAdminUnderAProfile() {
		MockEnvironment off = new MockEnvironment().withProperty("longhaul.dev-mode", "false");
		MockEnvironment on = new MockEnvironment().withProperty("longhaul.dev-mode", "true");
		on.setActiveProfiles("postgres");

		assertThatIllegalStateException()
			.isThrownBy(() -> SecurityConfiguration.users(properties(), noBootUser(), this.encoder, off))
			.withMessageContaining("development mode is off");
		assertThat(SecurityConfiguration.users(properties(), noBootUser(), this.encoder, on)).singleElement()
			.satisfies((admin) -> assertThat(admin.getUsername()).isEqualTo("admin"));
	}

	@Test
	void outsideDevelopmentModeCheapPasswordEncodingsAreRefused() {
		MockEnvironment production = new MockEnvironment().withProperty("longhaul.dev-mode", "false");
		for (String password : List.of("{noop}s3cret", "{MD5}5ebe2294ecd0e0f08eab7690d2a6ee69",
				"{SHA-256}{salt}0123456789abcdef", "{ldap}{SSHA}abc")) {
			assertThatIllegalStateException()
				.isThrownBy(() -> SecurityConfiguration.users(
						properties(new SecurityUsersProperties.User("ada", password, Role.ADMIN)), noBootUser(),
						this.encoder, production))
				.withMessageContaining("The password of user 'ada' uses the {")
				.withMessageContaining("refused outside development mode");
		}
		String hash = new BCryptPasswordEncoder().encode("s3cret");
		assertThat(SecurityConfiguration.users(properties(new SecurityUsersProperties.User("ada", hash, Role.ADMIN)),
				noBootUser(), this.encoder, production))
			.hasSize(1);
	}

	@Test
	void aNamedProfileIsNotDevelopmentModeUnlessSaidSo() {
		MockEnvironment postgres = new MockEnvironment();
		postgres.setActiveProfiles("postgres");
		SecurityUsersProperties noop = properties(new SecurityUsersProperties.User("ada", "{noop}s3cret", Role.ADMIN));

		assertThatIllegalStateException()
			.isThrownBy(() -> SecurityConfiguration.users(noop, noBootUser(), this.encoder, postgres));
		postgres.setProperty("longhaul.dev-mode", "true");
		assertThat(SecurityConfiguration.users(noop, noBootUser(), this.encoder, postgres)).hasSize(1);
	}

	@Test
	void bootsPlainPasswordIsHashedAtStartUpNotKeptAsNoop() {
		MockEnvironment production = new MockEnvironment().withProperty("longhaul.dev-mode", "false");

		UserDetails ops = SecurityConfiguration
			.users(properties(), bootUser("ops", "plain-password"), this.encoder, production)
			.get(0);

		assertThat(ops.getPassword()).startsWith("{bcrypt}");
		assertThat(this.encoder.matches("plain-password", ops.getPassword())).isTrue();
	}

	private static SecurityUsersProperties properties(SecurityUsersProperties.User... users) {
		return new SecurityUsersProperties(List.of(users));
	}

	private static SecurityProperties.User noBootUser() {
		return new SecurityProperties().getUser();
	}

	private static SecurityProperties.User bootUser(String name, String password, String... roles) {
		SecurityProperties.User user = new SecurityProperties().getUser();
		user.setName(name);
		user.setPassword(password);
		user.setRoles(List.of(roles));
		return user;
	}

}
