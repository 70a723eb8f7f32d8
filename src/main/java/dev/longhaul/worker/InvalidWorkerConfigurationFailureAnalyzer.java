package dev.longhaul.worker;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Turns an {@link InvalidWorkerConfigurationException} into Boot's "APPLICATION FAILED TO
 * START" report.
 */
final class InvalidWorkerConfigurationFailureAnalyzer
		extends AbstractFailureAnalyzer<InvalidWorkerConfigurationException> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, InvalidWorkerConfigurationException cause) {
		return new FailureAnalysis(cause.getMessage(), cause.action(), cause);
	}

}
