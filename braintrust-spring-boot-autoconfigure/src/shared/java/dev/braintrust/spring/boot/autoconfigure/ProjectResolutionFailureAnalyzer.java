package dev.braintrust.spring.boot.autoconfigure;

import dev.braintrust.spring.boot.export.BraintrustProjects.ProjectResolutionException;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Explains why a non-ASCII {@code braintrust.project} could not be used, and that
 * {@code braintrust.project-id} avoids the question.
 */
class ProjectResolutionFailureAnalyzer extends AbstractFailureAnalyzer<ProjectResolutionException> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, ProjectResolutionException cause) {
		return new FailureAnalysis("braintrust.project holds characters that cannot be sent in the x-bt-parent "
				+ "HTTP header (only ASCII can), so the starter asked the Braintrust API (POST {braintrust.api-url}"
				+ "/v1/project) for the project's id, and " + cause.getMessage() + ".",
				"Set braintrust.project-id (or BRAINTRUST_PROJECT_ID) to the project's id, shown in the project's "
						+ "settings in Braintrust, instead of braintrust.project; or check braintrust.api-key and "
						+ "braintrust.api-url so that the API can be reached at startup.",
				cause);
	}

}
