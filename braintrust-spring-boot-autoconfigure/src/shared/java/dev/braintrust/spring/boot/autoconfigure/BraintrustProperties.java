package dev.braintrust.spring.boot.autoconfigure;

import java.net.URI;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.NestedConfigurationProperty;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.Errors;
import org.springframework.validation.Validator;

/**
 * Configuration properties of the Braintrust starter, bound from {@code braintrust.*}.
 * Self-validating: invalid values fail startup with a message naming the property and the
 * fix.
 */
@ConfigurationProperties(BraintrustProperties.PREFIX)
public class BraintrustProperties implements Validator {

	/**
	 * Prefix of every property of the starter.
	 */
	public static final String PREFIX = "braintrust";

	/**
	 * Default Braintrust API URL.
	 */
	public static final URI DEFAULT_API_URL = URI.create("https://api.braintrust.dev");

	/**
	 * Whether the starter instruments anything at all. When false, no bean is wrapped and
	 * no span is written.
	 */
	private boolean enabled = true;

	/**
	 * Braintrust API key. When set, LLM spans are exported to Braintrust; when absent,
	 * the starter runs in local mode and only logs them. Also read from the
	 * BRAINTRUST_API_KEY environment variable.
	 */
	private @Nullable String apiKey;

	/**
	 * Base URL of the Braintrust API. Spans are sent to "{api-url}/otel/v1/traces". Also
	 * read from the BRAINTRUST_API_URL environment variable.
	 */
	private URI apiUrl = DEFAULT_API_URL;

	/**
	 * Name of the Braintrust project that receives the spans (sent as "x-bt-parent:
	 * project_name:..."). Also read from the BRAINTRUST_PROJECT environment variable.
	 * Mutually exclusive with project-id.
	 */
	private @Nullable String project;

	/**
	 * ID of the Braintrust project that receives the spans (sent as "x-bt-parent:
	 * project_id:..."). Also read from the BRAINTRUST_PROJECT_ID environment variable.
	 * Mutually exclusive with project.
	 */
	private @Nullable String projectId;

	private final Trace trace = new Trace();

	@NestedConfigurationProperty
	private final ExportProperties export = new ExportProperties();

	private final Metrics metrics = new Metrics();

	private final Environment environment = new Environment();

	private final Viewer viewer = new Viewer();

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	public @Nullable String getApiKey() {
		return this.apiKey;
	}

	public void setApiKey(@Nullable String apiKey) {
		this.apiKey = apiKey;
	}

	public URI getApiUrl() {
		return this.apiUrl;
	}

	public void setApiUrl(URI apiUrl) {
		this.apiUrl = apiUrl;
	}

	public @Nullable String getProject() {
		return this.project;
	}

	public void setProject(@Nullable String project) {
		this.project = project;
	}

	public @Nullable String getProjectId() {
		return this.projectId;
	}

	public void setProjectId(@Nullable String projectId) {
		this.projectId = projectId;
	}

	public Trace getTrace() {
		return this.trace;
	}

	public ExportProperties getExport() {
		return this.export;
	}

	public Metrics getMetrics() {
		return this.metrics;
	}

	public Environment getEnvironment() {
		return this.environment;
	}

	public Viewer getViewer() {
		return this.viewer;
	}

	@Override
	public boolean supports(Class<?> type) {
		return BraintrustProperties.class.isAssignableFrom(type);
	}

	@Override
	public void validate(Object target, Errors errors) {
		BraintrustPropertiesValidator.validate((BraintrustProperties) target, errors);
	}

	/**
	 * What the spans of LLM calls contain.
	 */
	public static class Trace {

		/**
		 * Whether prompts, completions and tool arguments are recorded on spans. Each
		 * integration may override it with
		 * braintrust.integrations.<name>.capture-content.
		 */
		private boolean captureContent = true;

		/**
		 * Maximum length, in characters, of each content attribute (input, output, tool
		 * arguments and results) and of the metadata. Longer content is truncated and
		 * stays valid JSON. When the OpenTelemetry SDK's attribute value length limit is
		 * lower (management.opentelemetry.tracing.limits.max-attribute-value-length on
		 * Spring Boot 4.1, the SdkTracerProvider's span limits otherwise), that limit
		 * applies instead, so that the SDK never cuts a document.
		 */
		private int maxContentLength = 65536;

		/**
		 * Whether the OpenTelemetry GenAI content attributes (gen_ai.input.messages,
		 * gen_ai.output.messages) are written too, for backends other than Braintrust
		 * (which receive them with content-to-other-exporters=true).
		 */
		private boolean genAiContent = false;

		/**
		 * Whether the application's other span exporters (Zipkin, an APM's OTLP exporter,
		 * ...) receive the content of LLM spans too. By default they receive the LLM
		 * spans without it: prompts, completions, tool arguments and results go to
		 * Braintrust only.
		 */
		private boolean contentToOtherExporters = false;

		/**
		 * Whether the attributes of the GenAI semantic conventions before 1.37 are
		 * written too (gen_ai.system next to gen_ai.provider.name), for backends that
		 * still read them.
		 */
		private boolean genAiLegacyAttributes = false;

		/**
		 * Whether each LLM span records the application code that made the call
		 * (code.function.name, code.file.path, code.line.number), which Braintrust shows
		 * as the caller. Found by walking the caller's stack, which costs a few
		 * microseconds per call.
		 */
		private boolean callerLocation = false;

		private final TracedMethods traced = new TracedMethods();

		public boolean isCaptureContent() {
			return this.captureContent;
		}

		public void setCaptureContent(boolean captureContent) {
			this.captureContent = captureContent;
		}

		public int getMaxContentLength() {
			return this.maxContentLength;
		}

		public void setMaxContentLength(int maxContentLength) {
			this.maxContentLength = maxContentLength;
		}

		public boolean isGenAiContent() {
			return this.genAiContent;
		}

		public void setGenAiContent(boolean genAiContent) {
			this.genAiContent = genAiContent;
		}

		public boolean isGenAiLegacyAttributes() {
			return this.genAiLegacyAttributes;
		}

		public void setGenAiLegacyAttributes(boolean genAiLegacyAttributes) {
			this.genAiLegacyAttributes = genAiLegacyAttributes;
		}

		public boolean isCallerLocation() {
			return this.callerLocation;
		}

		public void setCallerLocation(boolean callerLocation) {
			this.callerLocation = callerLocation;
		}

		public boolean isContentToOtherExporters() {
			return this.contentToOtherExporters;
		}

		public void setContentToOtherExporters(boolean contentToOtherExporters) {
			this.contentToOtherExporters = contentToOtherExporters;
		}

		public TracedMethods getTraced() {
			return this.traced;
		}

		/**
		 * The spans of the application's methods annotated with @Traced.
		 */
		public static class TracedMethods {

			/**
			 * Whether methods of Spring beans annotated with @Traced (or whose class is)
			 * become Braintrust task spans, the parents of the model calls and tool runs
			 * made inside them.
			 */
			private boolean enabled = true;

			public boolean isEnabled() {
				return this.enabled;
			}

			public void setEnabled(boolean enabled) {
				this.enabled = enabled;
			}

		}

	}

	/**
	 * The operating environment the spans' origin names (braintrust.context_json's
	 * span_origin.environment). When neither is set, BRAINTRUST_ENVIRONMENT_TYPE and
	 * BRAINTRUST_ENVIRONMENT_NAME, then CI and server platform variables decide; with no
	 * such signal, no environment is written.
	 */
	public static class Environment {

		/**
		 * Type of the environment: ci, server or local; none writes no environment and
		 * turns detection off.
		 */
		private @Nullable String type;

		/**
		 * Name of the environment, such as github_actions, kubernetes or development.
		 */
		private @Nullable String name;

		public @Nullable String getType() {
			return this.type;
		}

		public void setType(@Nullable String type) {
			this.type = type;
		}

		public @Nullable String getName() {
			return this.name;
		}

		public void setName(@Nullable String name) {
			this.name = name;
		}

	}

	/**
	 * The local trace viewer: a page of the application, at braintrust.viewer.path, that
	 * shows the recent traces of LLM calls kept in memory.
	 */
	public static class Viewer {

		/**
		 * Whether the trace viewer page and its JSON API are served. When not set, on in
		 * local mode (no braintrust.api-key) and off when an API key is set.
		 */
		private @Nullable Boolean enabled;

		/**
		 * Path of the trace viewer page, under the application's context path; its JSON
		 * API is under "{path}/api".
		 */
		private String path = "/braintrust/traces";

		/**
		 * Maximum number of recent traces kept in memory for the viewer; the oldest is
		 * evicted first.
		 */
		private int maxTraces = 200;

		/**
		 * Maximum number of spans kept per trace; further spans are counted, not kept.
		 */
		private int maxSpansPerTrace = 500;

		/**
		 * Maximum memory the kept traces may take, estimated from the size of their text;
		 * the oldest traces are evicted to stay under it.
		 */
		private DataSize maxSize = DataSize.ofMegabytes(32);

		/**
		 * Whether the viewer answers requests from other hosts. By default only requests
		 * from this machine (a loopback address) see the page, which shows prompts and
		 * answers.
		 */
		private boolean allowRemote = false;

		public @Nullable Boolean getEnabled() {
			return this.enabled;
		}

		public void setEnabled(@Nullable Boolean enabled) {
			this.enabled = enabled;
		}

		public String getPath() {
			return this.path;
		}

		public void setPath(String path) {
			this.path = path;
		}

		public int getMaxTraces() {
			return this.maxTraces;
		}

		public void setMaxTraces(int maxTraces) {
			this.maxTraces = maxTraces;
		}

		public int getMaxSpansPerTrace() {
			return this.maxSpansPerTrace;
		}

		public void setMaxSpansPerTrace(int maxSpansPerTrace) {
			this.maxSpansPerTrace = maxSpansPerTrace;
		}

		public DataSize getMaxSize() {
			return this.maxSize;
		}

		public void setMaxSize(DataSize maxSize) {
			this.maxSize = maxSize;
		}

		public boolean isAllowRemote() {
			return this.allowRemote;
		}

		public void setAllowRemote(boolean allowRemote) {
			this.allowRemote = allowRemote;
		}

	}

	/**
	 * The GenAI client metrics (gen_ai.client.operation.duration,
	 * gen_ai.client.token.usage, gen_ai.client.operation.time_to_first_chunk).
	 */
	public static class Metrics {

		/**
		 * Maximum number of distinct request models (values of the gen_ai.request.model
		 * tag) that the gen_ai.client.* meters record. Calls to further models get no
		 * meter (a warning is logged once); their spans are unaffected.
		 */
		private int maxModels = 100;

		public int getMaxModels() {
			return this.maxModels;
		}

		public void setMaxModels(int maxModels) {
			this.maxModels = maxModels;
		}

	}

}
