package dev.longhaul.deploy;

import org.junit.jupiter.api.Test;

import dev.longhaul.deploy.PromQl.Matcher;
import dev.longhaul.deploy.PromQl.Selector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * The metric-name extractor that the monitoring files' check relies on: it must find
 * every metric (a missed name would go unchecked) and nothing else (a false name would
 * fail the check for no reason).
 */
class PromQlTest {

	@Test
	void bareNamesNamesWithMatchersAndNamesWithRangesAreMetrics() {
		assertThat(PromQl.metricNames("up == 0")).containsExactly("up");
		assertThat(PromQl.metricNames("longhaul_worker_state{state=\"failed\"} == 1"))
			.containsExactly("longhaul_worker_state");
		assertThat(PromQl.metricNames("rate(longhaul_email_sent_total[5m])"))
			.containsExactly("longhaul_email_sent_total");
		assertThat(PromQl.metricNames("a:recorded:rule / other_metric")).containsExactly("a:recorded:rule",
				"other_metric");
	}

	@Test
	void functionsAggregationsKeywordsAndLabelListsAreNotMetrics() {
		String expression = """
				sum by (queue, type) (increase(longhaul_jobs_ended_total{status="dead"}[15m])) > 0
				and on (instance, worker) group_left (state) longhaul_worker_state{state="running"} == bool 1
				or max without(instance) (longhaul_queue_oldest_age_seconds offset 5m) unless absent(up)
				""";

		assertThat(PromQl.metricNames(expression)).containsExactly("longhaul_jobs_ended_total", "longhaul_worker_state",
				"longhaul_queue_oldest_age_seconds", "up");
	}

	@Test
	void aggregationWithTheGroupingClauseAfterTheArgumentIsNoMetric() {
		assertThat(PromQl.metricNames("sum(rate(http_requests_total[1m])) by (job)"))
			.containsExactly("http_requests_total");
	}

	@Test
	void stringsNumbersDurationsAndCommentsAreNotMetrics() {
		String expression = """
				label_replace(some_metric, "dst", "$1", "src", "(.*)") > 1e3 # a comment naming not_a_metric
				* 3 * 3600 - .5 + 0x1F
				""";

		assertThat(PromQl.metricNames(expression)).containsExactly("some_metric");
	}

	@Test
	void grafanaVariablesAreNotMetrics() {
		String expression = "sum by (worker) (rate(longhaul_worker_rounds_seconds_count{instance=~\"$instance\"}"
				+ "[$__rate_interval])) / ${divisor} + $other";

		assertThat(PromQl.metricNames(expression)).containsExactly("longhaul_worker_rounds_seconds_count");
	}

	@Test
	void matchersAreReadWithTheirOperatorsAndValues() {
		assertThat(PromQl.selectors("m{a=\"1\", b!=\"x,y\", c=~\"r|s\" , d!~'t\\\"u'}"))
			.containsExactly(new Selector("m", java.util.List.of(new Matcher("a", "=", "1"),
					new Matcher("b", "!=", "x,y"), new Matcher("c", "=~", "r|s"), new Matcher("d", "!~", "t\"u"))));
	}

	@Test
	void unclosedMatchersOrStringsAreErrors() {
		assertThatIllegalArgumentException().isThrownBy(() -> PromQl.selectors("m{a=\"1\""));
		assertThatIllegalArgumentException().isThrownBy(() -> PromQl.selectors("m{a=\"1}"));
		assertThatIllegalArgumentException().isThrownBy(() -> PromQl.selectors("rate(m[5m)"));
	}

}
