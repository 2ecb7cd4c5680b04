package dev.braintrust.spring.boot.trace;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.function.Function;

import org.jspecify.annotations.Nullable;

/**
 * Who wrote a span, as {@code braintrust.context_json}'s {@code span_origin} tells
 * Braintrust: the emitter's name and version, and where it ran (the operating
 * environment, when an explicit setting or a reliable signal says so); each span adds the
 * integration that observed the call as {@code instrumentation.name}.
 * <p>
 * Braintrust's instrumentation guide reserves names under the {@code braintrust.} prefix
 * for emitters Braintrust maintains; this starter names itself by its artifact,
 * {@value #STARTER}, outside that namespace.
 *
 * @param name the emitter's name
 * @param version the emitter's version, if known
 * @param environmentType the environment's type ({@code ci}, {@code server},
 * {@code local}), if known
 * @param environmentName the environment's normalized name ({@code github_actions},
 * {@code kubernetes}, ...), if known
 */
public record SpanOrigin(String name, @Nullable String version, @Nullable String environmentType,
		@Nullable String environmentName) {

	/** The name the starter's spans carry. */
	public static final String STARTER = "braintrust-spring-boot-starter";

	/**
	 * The value of an explicit environment type that turns detection off and writes no
	 * environment.
	 */
	public static final String NO_ENVIRONMENT = "none";

	private static final String VERSION_RESOURCE = "META-INF/braintrust-spring-boot-starter.properties";

	private static final @Nullable String STARTER_VERSION = readStarterVersion();

	/**
	 * CI providers, by the variable that identifies them, in the order they are looked
	 * for.
	 */
	private static final List<String[]> CI = List.of(new String[] { "GITHUB_ACTIONS", "github_actions" },
			new String[] { "GITLAB_CI", "gitlab_ci" }, new String[] { "CIRCLECI", "circleci" },
			new String[] { "BUILDKITE", "buildkite" }, new String[] { "JENKINS_URL", "jenkins" },
			new String[] { "JENKINS_HOME", "jenkins" }, new String[] { "TF_BUILD", "azure_pipelines" },
			new String[] { "TEAMCITY_VERSION", "teamcity" }, new String[] { "TRAVIS", "travis_ci" },
			new String[] { "BITBUCKET_BUILD_NUMBER", "bitbucket_pipelines" });

	/**
	 * Server platforms, by the variable that identifies them (ECS before Lambda: both set
	 * {@code AWS_EXECUTION_ENV}).
	 */
	private static final List<String[]> SERVERS = List.of(new String[] { "ECS_CONTAINER_METADATA_URI_V4", "ecs" },
			new String[] { "ECS_CONTAINER_METADATA_URI", "ecs" },
			new String[] { "AWS_LAMBDA_FUNCTION_NAME", "aws_lambda" }, new String[] { "VERCEL", "vercel" },
			new String[] { "NETLIFY", "netlify" }, new String[] { "K_SERVICE", "cloud_run" },
			new String[] { "FUNCTION_TARGET", "cloud_functions" }, new String[] { "DYNO", "heroku" },
			new String[] { "FLY_APP_NAME", "fly" }, new String[] { "RAILWAY_ENVIRONMENT", "railway" },
			new String[] { "RENDER_SERVICE_NAME", "render" }, new String[] { "KUBERNETES_SERVICE_HOST", "kubernetes" });

	/**
	 * The starter's origin, without an environment.
	 * @return the origin
	 */
	public static SpanOrigin starter() {
		return new SpanOrigin(STARTER, STARTER_VERSION, null, null);
	}

	/**
	 * The starter's origin in the environment Braintrust's precedence finds: the explicit
	 * type and name if either is given ({@value #NO_ENVIRONMENT} for none, which also
	 * turns detection off), else {@code BRAINTRUST_ENVIRONMENT_TYPE} /
	 * {@code BRAINTRUST_ENVIRONMENT_NAME} (from the process environment, then a
	 * {@code .env.braintrust} file in the working directory), else a CI provider's
	 * variables or a generic {@code CI}, else a server platform's variables, else no
	 * environment (never {@code local} by default).
	 * @param explicitType the configured type, or null
	 * @param explicitName the configured name, or null
	 * @param environment the process environment ({@code System::getenv})
	 * @param dotEnv the {@code .env.braintrust} file to read, or null for none
	 * @return the origin
	 */
	public static SpanOrigin detect(@Nullable String explicitType, @Nullable String explicitName,
			Function<String, @Nullable String> environment, @Nullable Path dotEnv) {
		if (NO_ENVIRONMENT.equalsIgnoreCase(trim(explicitType))) {
			return starter();
		}
		if (trim(explicitType) != null || trim(explicitName) != null) {
			return withEnvironment(explicitType, explicitName);
		}
		String type = trim(environment.apply("BRAINTRUST_ENVIRONMENT_TYPE"));
		String name = trim(environment.apply("BRAINTRUST_ENVIRONMENT_NAME"));
		if (type == null && name == null && dotEnv != null) {
			Properties file = readDotEnv(dotEnv);
			type = trim(file.getProperty("BRAINTRUST_ENVIRONMENT_TYPE"));
			name = trim(file.getProperty("BRAINTRUST_ENVIRONMENT_NAME"));
		}
		if (NO_ENVIRONMENT.equalsIgnoreCase(type)) {
			return starter();
		}
		if (type != null || name != null) {
			return withEnvironment(type, name);
		}
		for (String[] ci : CI) {
			if (isSet(environment.apply(ci[0]))) {
				return withEnvironment("ci", ci[1]);
			}
		}
		if (isSet(environment.apply("CI"))) {
			return withEnvironment("ci", "ci");
		}
		String executionEnv = trim(environment.apply("AWS_EXECUTION_ENV"));
		if (executionEnv != null && executionEnv.startsWith("AWS_ECS_")) {
			return withEnvironment("server", "ecs");
		}
		if (executionEnv != null && executionEnv.startsWith("AWS_Lambda_")) {
			return withEnvironment("server", "aws_lambda");
		}
		for (String[] server : SERVERS) {
			if (isSet(environment.apply(server[0]))) {
				return withEnvironment("server", server[1]);
			}
		}
		return starter();
	}

	private static SpanOrigin withEnvironment(@Nullable String type, @Nullable String name) {
		return new SpanOrigin(STARTER, STARTER_VERSION, normalize(type), normalize(name));
	}

	/**
	 * The {@code braintrust.context_json} of a span an integration observed.
	 * @param integration the integration's name ({@code openai}, {@code spring-ai}, ...)
	 * @return the JSON document
	 */
	public String contextJson(String integration) {
		JsonWriter json = new JsonWriter(160, Integer.MAX_VALUE);
		json.beginObject().name("span_origin").beginObject();
		json.name("name").value(this.name);
		if (this.version != null) {
			json.name("version").value(this.version);
		}
		json.name("instrumentation").beginObject().name("name").value(integration).endObject();
		if (this.environmentType != null || this.environmentName != null) {
			json.name("environment").beginObject();
			if (this.environmentType != null) {
				json.name("type").value(this.environmentType);
			}
			if (this.environmentName != null) {
				json.name("name").value(this.environmentName);
			}
			json.endObject();
		}
		json.endObject().endObject();
		return json.toString();
	}

	/**
	 * The starter's version, from the resource its build writes.
	 * @return the version, or null when the resource is missing
	 */
	public static @Nullable String starterVersion() {
		return STARTER_VERSION;
	}

	private static @Nullable String readStarterVersion() {
		try (InputStream in = SpanOrigin.class.getClassLoader().getResourceAsStream(VERSION_RESOURCE)) {
			if (in == null) {
				return null;
			}
			Properties properties = new Properties();
			properties.load(in);
			String version = trim(properties.getProperty("version"));
			return (version != null && !version.startsWith("${")) ? version : null;
		}
		catch (IOException | RuntimeException ex) {
			return null;
		}
	}

	// KEY=VALUE lines, # comments; a value may be quoted.
	private static Properties readDotEnv(Path file) {
		Properties properties = new Properties();
		if (!Files.isRegularFile(file)) {
			return properties;
		}
		try {
			for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
				String trimmed = line.strip();
				if (trimmed.startsWith("export ")) {
					trimmed = trimmed.substring("export ".length()).strip();
				}
				int equals = trimmed.indexOf('=');
				if (trimmed.isEmpty() || trimmed.startsWith("#") || equals <= 0) {
					continue;
				}
				String value = trimmed.substring(equals + 1).strip();
				if (value.length() >= 2 && (value.charAt(0) == '"' || value.charAt(0) == '\'')
						&& value.charAt(value.length() - 1) == value.charAt(0)) {
					value = value.substring(1, value.length() - 1);
				}
				properties.setProperty(trimmed.substring(0, equals).strip(), value);
			}
		}
		catch (IOException | UncheckedIOException ex) {
			// An unreadable file gives no environment
		}
		return properties;
	}

	private static boolean isSet(@Nullable String value) {
		String trimmed = trim(value);
		return trimmed != null && !trimmed.equalsIgnoreCase("false") && !trimmed.equals("0");
	}

	private static @Nullable String normalize(@Nullable String value) {
		String trimmed = trim(value);
		return (trimmed != null) ? trimmed.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "_") : null;
	}

	private static @Nullable String trim(@Nullable String value) {
		if (value == null) {
			return null;
		}
		String trimmed = value.strip();
		return trimmed.isEmpty() ? null : trimmed;
	}

}
