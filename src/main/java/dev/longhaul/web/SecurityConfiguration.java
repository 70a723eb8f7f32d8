package dev.longhaul.web;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;

import jakarta.servlet.http.HttpServletRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.autoconfigure.info.InfoContributorProperties;
import org.springframework.boot.actuate.endpoint.web.WebServerNamespace;
import org.springframework.boot.actuate.info.BuildInfoContributor;
import org.springframework.boot.actuate.info.GitInfoContributor;
import org.springframework.boot.actuate.info.InfoContributor;
import org.springframework.boot.actuate.info.InfoEndpoint;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.health.actuate.endpoint.HealthEndpoint;
import org.springframework.boot.info.BuildProperties;
import org.springframework.boot.info.GitProperties;
import org.springframework.boot.micrometer.metrics.autoconfigure.export.prometheus.PrometheusScrapeEndpoint;
import org.springframework.boot.security.autoconfigure.SecurityProperties;
import org.springframework.boot.security.autoconfigure.actuate.web.servlet.EndpointRequest;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.http.HttpMethod;
import org.springframework.security.access.hierarchicalroles.RoleHierarchy;
import org.springframework.security.access.hierarchicalroles.RoleHierarchyImpl;
import org.springframework.security.authentication.ProviderManager;
import org.springframework.security.authentication.dao.DaoAuthenticationProvider;
import org.springframework.security.config.ObjectPostProcessor;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.AuthenticationFailureHandler;
import org.springframework.security.web.authentication.SimpleUrlAuthenticationFailureHandler;
import org.springframework.security.web.authentication.UsernamePasswordAuthenticationFilter;
import org.springframework.security.web.csrf.CsrfFilter;
import org.springframework.security.web.header.writers.DelegatingRequestMatcherHeaderWriter;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter.ReferrerPolicy;
import org.springframework.security.web.header.writers.StaticHeadersWriter;
import org.springframework.security.web.savedrequest.HttpSessionRequestCache;
import org.springframework.security.web.util.matcher.AnyRequestMatcher;
import org.springframework.security.web.util.matcher.NegatedRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;
import org.springframework.util.StringUtils;

import dev.longhaul.config.DevelopmentMode;

/**
 * Access control. Roles {@code viewer} (every GET), {@code operator} (also enqueues
 * emails and datasets) and {@code admin} (everything, Actuator included); health probes
 * and {@code /actuator/info} are public (the build and commit there for viewers only).
 * HTTP Basic for API clients, stateless, without CSRF; a form login for browsers, whose
 * session is CSRF-protected. Whatever the authentication, a change from a foreign origin
 * is refused, and failed sign-ins are throttled per user name and client address.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties({ SecurityUsersProperties.class, LoginThrottleProperties.class,
		SecurityProperties.class })
class SecurityConfiguration {

	private static final Logger logger = LoggerFactory.getLogger(SecurityConfiguration.class);

	private static final String VIEWER = "VIEWER";

	private static final String OPERATOR = "OPERATOR";

	private static final String ADMIN = "ADMIN";

	/** The name Boot gives {@code spring.security.user} when none is set. */
	private static final String BOOT_DEFAULT_USER = new SecurityProperties().getUser().getName();

	/** Password encodings that cost an attacker enough per guess. */
	private static final List<String> STRONG_ENCODINGS = List.of("bcrypt", "argon2", "argon2@SpringSecurity_v5_8",
			"scrypt", "scrypt@SpringSecurity_v5_8", "pbkdf2", "pbkdf2@SpringSecurity_v5_8");

	static final String CONTENT_SECURITY_POLICY = "default-src 'self'; script-src 'self'; "
			+ "style-src 'self'; img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; "
			+ "form-action 'self'; base-uri 'self'; object-src 'none'";

	/** Swagger UI's bundle sets inline styles; only its pages allow them. */
	static final String SWAGGER_UI_CONTENT_SECURITY_POLICY = CONTENT_SECURITY_POLICY.replace("style-src 'self'",
			"style-src 'self' 'unsafe-inline'");

	@Bean
	SecurityFilterChain securityFilterChain(HttpSecurity http, InMemoryUserDetailsManager users,
			PasswordEncoder encoder, LoginThrottleProperties throttle, Clock clock) throws Exception {
		// Our own provider, so no "password upgrade" re-hashes a {noop} test password
		// into bcrypt, and successful checks are remembered: HTTP Basic sends the
		// password with every request. Unknown users cost a bcrypt check too (the
		// provider checks a dummy hash). Remembered credentials pass before the throttle
		// looks, so guesses at a name do not lock out its owner's running clients.
		DaoAuthenticationProvider passwords = new DaoAuthenticationProvider(users);
		passwords.setPasswordEncoder(encoder);
		http.authenticationManager(new ProviderManager(
				new CachedCredentials(new ThrottledAuthentication(passwords, new LoginThrottle(throttle, clock)),
						Duration.ofMinutes(5), clock)));
		// Actuator rules follow the endpoint, not the path: they hold for any
		// management.endpoints.web.base-path and on a separate management port.
		RequestMatcher healthAndInfo = EndpointRequest.to(HealthEndpoint.class, InfoEndpoint.class);
		RequestMatcher probes = EndpointRequest.toAdditionalPaths(WebServerNamespace.SERVER, HealthEndpoint.class);
		// Metrics carry worker, queue and job type names and counts, never ids or
		// payloads: a scraper gets them with the least role, not with the power to pause
		// workers.
		RequestMatcher metrics = EndpointRequest.to(PrometheusScrapeEndpoint.class);
		http.authorizeHttpRequests((requests) -> requests.requestMatchers(healthAndInfo, probes)
			.permitAll()
			.requestMatchers("/error", "/login", "/favicon.ico")
			.permitAll()
			.requestMatchers(metrics)
			.hasRole(VIEWER)
			.requestMatchers(EndpointRequest.toAnyEndpoint())
			.hasRole(ADMIN)
			.requestMatchers(HttpMethod.POST, "/api/emails", "/api/emails/batch", "/api/datasets")
			.hasRole(OPERATOR)
			.requestMatchers(HttpMethod.GET, "/api/**", "/v3/api-docs", "/v3/api-docs/**", "/swagger-ui.html",
					"/swagger-ui/**")
			.hasRole(VIEWER)
			.requestMatchers("/api/**")
			.hasRole(ADMIN)
			.anyRequest()
			.hasRole(VIEWER));
		SecurityProblems problems = new SecurityProblems();
		http.httpBasic((basic) -> basic.authenticationEntryPoint(problems));
		// One entry point decides: the login form for a browser's page, a 401 problem
		// detail otherwise (the Basic challenge for API clients only). Registered as the
		// first default, not as *the* entry point, which would turn off the login page.
		http.exceptionHandling(
				(exceptions) -> exceptions.defaultAuthenticationEntryPointFor(problems, AnyRequestMatcher.INSTANCE)
					.accessDeniedHandler(problems));
		AuthenticationFailureHandler loginError = new SimpleUrlAuthenticationFailureHandler("/login?error");
		http.formLogin(
				(form) -> form.withObjectPostProcessor(new ObjectPostProcessor<UsernamePasswordAuthenticationFilter>() {

					@Override
					public <O extends UsernamePasswordAuthenticationFilter> O postProcess(O filter) {
						filter.setAuthenticationFailureHandler((request, response, ex) -> {
							if (ex instanceof LoginThrottledException) {
								problems.commence(request, response, ex);
							}
							else {
								loginError.onAuthenticationFailure(request, response, ex);
							}
						});
						return filter;
					}

				}));
		// Remember only a browser's page request to return to after the form login: a
		// saved API request would give an API client a session (and then CSRF checks).
		HttpSessionRequestCache pages = new HttpSessionRequestCache();
		pages.setRequestMatcher(SecurityConfiguration::isPageRequest);
		http.requestCache((cache) -> cache.requestCache(pages));
		// CSRF guards browser sessions (form login), by Fetch Metadata first: a request
		// the browser marks same-origin (Sec-Fetch-Site, which no page can forge) comes
		// from our own pages, the dashboard and Swagger UI. Older browsers must send the
		// token (the dashboard takes it from /api/me). A request without a session has
		// no cookie to abuse, so API clients (Basic on every request, stateless) need no
		// token, and an anonymous one gets a plain 401 rather than a CSRF 403; but a
		// browser may hold Basic credentials, so a cross-site one needs the token too.
		http.csrf((csrf) -> csrf.ignoringRequestMatchers(SecurityConfiguration::safeFromCsrf));
		// Browsers omit Fetch Metadata on plain HTTP to other hosts than localhost, but
		// send Origin: a change from a foreign page is refused, whatever the
		// authentication.
		http.addFilterBefore(new ForeignOriginFilter(), CsrfFilter.class);
		RequestMatcher swaggerUi = (request) -> request.getRequestURI()
			.startsWith(request.getContextPath() + "/swagger-ui/");
		// HSTS is Spring Security's default: written on HTTPS requests only, which behind
		// a TLS-terminating proxy means X-Forwarded-Proto: https from a trusted proxy
		// (server.forward-headers-strategy=native). Our URLs never leave our origin in
		// a Referer; same-origin requests keep it for the origin check above.
		http.headers((headers) -> headers.referrerPolicy((referrer) -> referrer.policy(ReferrerPolicy.SAME_ORIGIN))
			.addHeaderWriter(new DelegatingRequestMatcherHeaderWriter(new NegatedRequestMatcher(swaggerUi),
					new StaticHeadersWriter("Content-Security-Policy", CONTENT_SECURITY_POLICY)))
			.addHeaderWriter(new DelegatingRequestMatcherHeaderWriter(swaggerUi,
					new StaticHeadersWriter("Content-Security-Policy", SWAGGER_UI_CONTENT_SECURITY_POLICY))));
		return http.build();
	}

	static boolean isPageRequest(HttpServletRequest request) {
		String path = request.getRequestURI().substring(request.getContextPath().length());
		String accept = request.getHeader("Accept");
		return "GET".equals(request.getMethod()) && accept != null && accept.contains("text/html")
				&& !path.startsWith("/api/") && !path.startsWith("/actuator") && !path.startsWith("/v3/")
				&& !"XMLHttpRequest".equals(request.getHeader("X-Requested-With"));
	}

	static boolean safeFromCsrf(HttpServletRequest request) {
		String site = request.getHeader("Sec-Fetch-Site");
		if ("same-origin".equals(site)) {
			return true;
		}
		return request.getSession(false) == null && (site == null || site.equals("none"));
	}

	@Bean
	RoleHierarchy roleHierarchy() {
		return RoleHierarchyImpl.fromHierarchy("ROLE_ADMIN > ROLE_OPERATOR\nROLE_OPERATOR > ROLE_VIEWER");
	}

	/**
	 * The build and its git commit at {@code /actuator/info}, for viewers only: Boot's
	 * own {@code build} and {@code git} contributors, which would show them to anyone,
	 * are turned off in {@code application.properties}. Either part is left out when the
	 * build did not record it ({@code META-INF/build-info.properties}; a
	 * {@code git.properties} without a commit, as a build without a {@code .git}
	 * directory writes it).
	 */
	@Bean
	ViewerOnlyInfoContributor buildInfoForViewers(ObjectProvider<BuildProperties> build,
			ObjectProvider<GitProperties> git, ObjectProvider<InfoContributorProperties> info, RoleHierarchy roles) {
		List<InfoContributor> contributors = new ArrayList<>();
		build.ifAvailable((properties) -> contributors.add(new BuildInfoContributor(properties)));
		GitInfoContributor.Mode mode = info.getIfAvailable(InfoContributorProperties::new).getGit().getMode();
		git.ifAvailable((properties) -> {
			if (properties.getCommitId() != null) {
				contributors.add(new GitInfoContributor(properties, mode));
			}
		});
		return new ViewerOnlyInfoContributor(contributors, roles);
	}

	@Bean
	PasswordEncoder passwordEncoder() {
		return PasswordEncoderFactories.createDelegatingPasswordEncoder();
	}

	@Bean
	InMemoryUserDetailsManager userDetailsService(SecurityUsersProperties properties, SecurityProperties boot,
			PasswordEncoder encoder, Environment environment) {
		return new InMemoryUserDetailsManager(users(properties, boot.getUser(), encoder, environment));
	}

	/**
	 * The users: {@code longhaul.security.users[i]}, plus Boot's single
	 * {@code spring.security.user} when its password or a name other than Boot's default
	 * {@code user} is set (an admin unless its {@code roles} say otherwise); with none, a
	 * generated admin in {@link DevelopmentMode development mode} and a start-up error
	 * otherwise.
	 */
	static List<UserDetails> users(SecurityUsersProperties properties, SecurityProperties.User bootUser,
			PasswordEncoder encoder, Environment environment) {
		List<UserDetails> users = new ArrayList<>();
		for (SecurityUsersProperties.User user : properties.users()) {
			users.add(User.withUsername(user.name())
				.password(encoded(user.password(), "longhaul.security.users of '" + user.name() + "'"))
				.roles(user.role().name())
				.build());
		}
		// Boot's user has a name ("user") and a random password even when nothing is set:
		// it counts only when its password, or another name, was given.
		String bootName = bootUser.getName();
		boolean bootUserGiven = !bootUser.isPasswordGenerated() || !BOOT_DEFAULT_USER.equals(bootName);
		if (bootUserGiven && StringUtils.hasText(bootName)) {
			if (bootUser.isPasswordGenerated() || bootUser.getPassword().isBlank()) {
				throw new IllegalStateException("spring.security.user.name is set but spring.security.user.password "
						+ "is not: give the password (plain, {id}-prefixed, or a bcrypt hash)");
			}
			String password = bootUser.getPassword();
			List<String> roles = bootUser.getRoles().isEmpty() ? List.of(ADMIN) : bootUser.getRoles();
			users.add(User.withUsername(bootName)
				.password((password.startsWith("$2") || password.startsWith("{")) ? encoded(password, "")
						: encoder.encode(password))
				.roles(roles.stream().map(SecurityConfiguration::role).toArray(String[]::new))
				.build());
		}
		if (users.isEmpty()) {
			if (!DevelopmentMode.isOn(environment)) {
				throw new IllegalStateException("No users configured, and development mode is off ("
						+ DevelopmentMode.PROPERTY + ", off under any profile): set longhaul.security.users[0].name, "
						+ ".password (a bcrypt hash) and .role (viewer, operator or admin), e.g. as "
						+ "LONGHAUL_SECURITY_USERS_0_NAME, _PASSWORD and _ROLE");
			}
			byte[] random = new byte[18];
			new SecureRandom().nextBytes(random);
			String password = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
			logger.warn("No users configured (longhaul.security.users): generated user 'admin' with password '{}'. "
					+ "Development mode only; with it off (any profile) Longhaul refuses to start without users.",
					password);
			users.add(User.withUsername("admin").password(encoder.encode(password)).roles(ADMIN).build());
		}
		refuseLegacyEncodings(users, environment);
		return users;
	}

	/**
	 * Outside development mode, refuses users whose password is stored in an encoding
	 * that is cheap to check or to reverse ({@code {noop}}, {@code {MD5}},
	 * {@code {SHA-256}}, ...): a leaked hash would fall quickly, and a cheap check tells
	 * known users from unknown ones by timing.
	 */
	private static void refuseLegacyEncodings(List<UserDetails> users, Environment environment) {
		if (DevelopmentMode.isOn(environment)) {
			return;
		}
		for (UserDetails user : users) {
			String password = user.getPassword();
			String id = (password != null && password.startsWith("{") && password.indexOf('}') > 0)
					? password.substring(1, password.indexOf('}')) : "";
			if (!STRONG_ENCODINGS.contains(id)) {
				throw new IllegalStateException("The password of user '" + user.getUsername() + "' uses the "
						+ (id.isEmpty() ? "unknown" : "{" + id + "}") + " encoding, which is refused outside "
						+ "development mode (longhaul.dev-mode): use a bcrypt hash, or {argon2}, {scrypt} or {pbkdf2}");
			}
		}
	}

	private static String encoded(String password, String where) {
		if (password.startsWith("$2")) {
			return "{bcrypt}" + password;
		}
		if (!password.startsWith("{")) {
			throw new IllegalStateException("The password in " + where + " must be a bcrypt hash ($2a$...) or "
					+ "{id}-prefixed, such as {bcrypt}$2a$...; a plain password is not accepted here");
		}
		return password;
	}

	private static String role(String role) {
		String name = role.toUpperCase(Locale.ROOT).replaceFirst("^ROLE_", "");
		if (!List.of(VIEWER, OPERATOR, ADMIN).contains(name)) {
			throw new IllegalStateException(
					"spring.security.user.roles holds '" + role + "': roles are viewer, operator and admin");
		}
		return name;
	}

}
