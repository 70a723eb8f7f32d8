package dev.longhaul.web;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Bounds on clients that send their requests slowly, {@code longhaul.web.*}.
 *
 * @param requestHeaderTimeout the longest time a request's line and headers may take to
 * arrive, from their first byte, before the server closes the connection ({@code 0} for
 * no bound); Tomcat's own {@code server.tomcat.connection-timeout} bounds each read, not
 * the total
 */
@ConfigurationProperties("longhaul.web")
public record SlowClientProperties(@DefaultValue("10s") Duration requestHeaderTimeout) {
}
