package dev.braintrust.spring.boot.trace;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

class SpanOriginTests {

	@TempDir
	Path directory;

	@Test
	void theStarterNamesItselfOutsideTheReservedNamespaceWithItsBuildVersion() {
		SpanOrigin origin = SpanOrigin.starter();
		assertThat(origin.name()).isEqualTo("braintrust-spring-boot-starter").doesNotStartWith("braintrust.");
		assertThat(origin.version()).as("written by the build from the project's version").matches("\\d+\\.\\d+.*");
		assertThat(origin.contextJson("openai"))
			.isEqualTo("{\"span_origin\":{\"name\":\"braintrust-spring-boot-starter\"," + "\"version\":\""
					+ origin.version() + "\",\"instrumentation\":{\"name\":\"openai\"}}}");
	}

	@Test
	void noSignalMeansNoEnvironmentNotLocal() {
		assertThat(detect(null, null, Map.of("HOME", "/root", "PATH", "/bin"))).isEqualTo(SpanOrigin.starter());
	}

	@Test
	void explicitSettingsComeFirstAndEitherAloneIsKept() {
		Map<String, String> ci = Map.of("GITHUB_ACTIONS", "true", "BRAINTRUST_ENVIRONMENT_TYPE", "server");
		assertEnvironment(detect("local", "Development", ci), "local", "development");
		assertEnvironment(detect(null, "staging", ci), null, "staging");
		assertThat(detect("none", null, ci)).isEqualTo(SpanOrigin.starter());
	}

	@Test
	void braintrustVariablesComeBeforeCiAndTheirFileAfterTheProcessEnvironment() throws IOException {
		Path dotEnv = this.directory.resolve(".env.braintrust");
		Files.writeString(dotEnv,
				"# comment\nexport BRAINTRUST_ENVIRONMENT_TYPE=\"server\"\nBRAINTRUST_ENVIRONMENT_NAME=prod\n");
		assertEnvironment(SpanOrigin.detect(null, null, Map.of("CI", "true")::get, dotEnv), "server", "prod");
		assertEnvironment(
				SpanOrigin.detect(null, null, Map.of("BRAINTRUST_ENVIRONMENT_TYPE", "ci", "CI", "true")::get, dotEnv),
				"ci", null);
		assertThat(SpanOrigin.detect(null, null, Map.of("BRAINTRUST_ENVIRONMENT_TYPE", "none", "CI", "1")::get, dotEnv))
			.isEqualTo(SpanOrigin.starter());
	}

	@Test
	void ciProvidersThenGenericCiThenServerPlatforms() {
		assertEnvironment(detect(null, null, Map.of("GITLAB_CI", "true", "CI", "true")), "ci", "gitlab_ci");
		assertEnvironment(detect(null, null, Map.of("JENKINS_URL", "http://jenkins")), "ci", "jenkins");
		assertEnvironment(detect(null, null, Map.of("CI", "true", "KUBERNETES_SERVICE_HOST", "10.0.0.1")), "ci", "ci");
		assertThat(detect(null, null, Map.of("CI", "false"))).isEqualTo(SpanOrigin.starter());
		assertEnvironment(detect(null, null, Map.of("KUBERNETES_SERVICE_HOST", "10.0.0.1")), "server", "kubernetes");
		assertEnvironment(detect(null, null, Map.of("AWS_EXECUTION_ENV", "AWS_ECS_FARGATE")), "server", "ecs");
		assertEnvironment(detect(null, null, Map.of("AWS_EXECUTION_ENV", "AWS_Lambda_java21")), "server", "aws_lambda");
		assertEnvironment(
				detect(null, null,
						Map.of("ECS_CONTAINER_METADATA_URI_V4", "http://x", "AWS_LAMBDA_FUNCTION_NAME", "f")),
				"server", "ecs");
	}

	@Test
	void theEnvironmentIsWrittenInsideTheSpanOrigin() {
		SpanOrigin origin = detect(null, null, Map.of("GITHUB_ACTIONS", "true"));
		assertThat(TestTracing.parse(origin.contextJson("spring-ai")).get("span_origin").get("environment"))
			.hasToString("{\"type\":\"ci\",\"name\":\"github_actions\"}");
	}

	private SpanOrigin detect(String type, String name, Map<String, String> environment) {
		return SpanOrigin.detect(type, name, environment::get, this.directory.resolve(".env.braintrust"));
	}

	private static void assertEnvironment(SpanOrigin origin, String type, String name) {
		assertThat(origin.environmentType()).isEqualTo(type);
		assertThat(origin.environmentName()).isEqualTo(name);
		assertThat(origin.name()).isEqualTo(SpanOrigin.STARTER);
	}

}
