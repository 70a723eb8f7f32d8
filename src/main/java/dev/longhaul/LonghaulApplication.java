package dev.longhaul;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * Longhaul: a Spring Boot web service whose background workers run in the same JVM.
 */
@SpringBootApplication
public class LonghaulApplication {

	public static void main(String[] args) {
		SpringApplication.run(LonghaulApplication.class, args);
	}

}
