package dev.longhaul.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.util.Collections;
import java.util.Optional;
import java.util.Properties;

import dev.longhaul.LonghaulApplication;

/**
 * Files the build wrote among the application's own classes ({@code target/classes}, or
 * the jar they are packaged in), never a file of the same name from a dependency's jar:
 * {@code META-INF/spring-configuration-metadata.json}, for one, is in every Spring Boot
 * jar.
 */
public final class BuildOutput {

	private BuildOutput() {
	}

	/**
	 * Finds a file among the application's own classes.
	 * @param path the path under the class path root, such as
	 * {@code META-INF/build-info.properties}
	 * @return its URL, or empty when the build did not write it
	 */
	public static Optional<URL> find(String path) {
		String root = LonghaulApplication.class.getProtectionDomain().getCodeSource().getLocation().toString();
		try {
			return Collections.list(BuildOutput.class.getClassLoader().getResources(path))
				.stream()
				.filter((url) -> url.toString().contains(root))
				.findFirst();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * Reads a properties file among the application's own classes.
	 * @param path the path under the class path root
	 * @return its properties, or empty when the build did not write it
	 */
	public static Optional<Properties> properties(String path) {
		return find(path).map((url) -> {
			Properties properties = new Properties();
			try (InputStream in = url.openStream()) {
				properties.load(in);
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
			return properties;
		});
	}

}
