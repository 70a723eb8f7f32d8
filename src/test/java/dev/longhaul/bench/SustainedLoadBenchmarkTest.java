package dev.longhaul.bench;

import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SustainedLoadBenchmarkTest {

	private static final String BEFORE = """
			12345:
			 num     #instances         #bytes  class name (module)
			-------------------------------------------------------
			   1:         10000        2097152  [B (java.base@17.0.15)
			   2:          5000        1048576  org.h2.mvstore.Page$Leaf
			   3:           100           4096  java.lang.String (java.base@17.0.15)
			Total         15100        3149824
			""";

	private static final String AFTER = """
			12345:
			 num     #instances         #bytes  class name (module)
			-------------------------------------------------------
			   1:         30000        9437184  org.h2.mvstore.Page$Leaf
			   2:         10000        3145728  [B (java.base@17.0.15)
			   3:            50           2048  java.lang.String (java.base@17.0.15)
			   4:            10            640  dev.longhaul.NewThing
			Total         40060       12585600
			""";

	@Test
	void readsTheBytesOfEachClassAndSkipsTheTotal() {
		Map<String, Long> histogram = SustainedLoadBenchmark.parseHistogram(BEFORE);
		assertThat(histogram).containsOnly(Map.entry("[B", 2_097_152L),
				Map.entry("org.h2.mvstore.Page$Leaf", 1_048_576L), Map.entry("java.lang.String", 4_096L));
	}

	@Test
	void namesTheClassesThatGrewMostLargestFirstAndLeavesOutThoseThatShrank() {
		assertThat(SustainedLoadBenchmark.grewMost(SustainedLoadBenchmark.parseHistogram(BEFORE),
				SustainedLoadBenchmark.parseHistogram(AFTER), 5))
			.containsExactly("org.h2.mvstore.Page$Leaf +8.0", "[B +1.0", "dev.longhaul.NewThing +0.0");
	}

}
