package dev.braintrust.spring.boot.trace;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Set;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.data.DelegatingSpanData;
import io.opentelemetry.sdk.trace.data.EventData;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import org.apache.commons.logging.LogFactory;

/**
 * A {@link SpanExporter} that exports the LLM spans of the starter without their content,
 * for destinations other than Braintrust (Zipkin, an APM's OTLP endpoint, ...): prompts,
 * completions and tool arguments and results go to Braintrust only. From each span
 * written by the {@link OpenTelemetrySpanWriter} it removes
 * {@code braintrust.input_json}, {@code braintrust.output_json},
 * {@code gen_ai.input.messages}, {@code gen_ai.output.messages},
 * {@code gen_ai.system_instructions} and the other OpenTelemetry GenAI content
 * attributes, reduces {@code braintrust.metadata} to the request parameters that are not
 * content (as without content capture), and keeps only the type of a recorded exception
 * (its message may quote the request). Everything else (model, parameters, usage,
 * timings, {@code error.type}, status) is kept.
 * <p>
 * Other spans are passed through as they are, and a batch without an LLM span is passed
 * on as the same collection: telling them apart is one comparison of the instrumentation
 * scope name per span.
 * <p>
 * The starter wraps the application's {@code SpanExporter} beans in it (unless
 * {@code braintrust.trace.content-to-other-exporters=true}); wrap an exporter yourself
 * when you wire it into a span processor of your own.
 */
public final class ContentStrippingSpanExporter implements SpanExporter {

	/**
	 * The attributes that hold content, written by the starter or defined as content by
	 * the OpenTelemetry GenAI semantic conventions.
	 */
	static final Set<String> CONTENT_ATTRIBUTES = Set.of(LlmSpanAttributes.INPUT_JSON.getKey(),
			LlmSpanAttributes.OUTPUT_JSON.getKey(), LlmSpanAttributes.INPUT_MESSAGES.getKey(),
			LlmSpanAttributes.OUTPUT_MESSAGES.getKey(), "gen_ai.system_instructions", "gen_ai.tool.definitions",
			"gen_ai.tool.call.arguments", "gen_ai.tool.call.result");

	private static final RateLimitedLog logger = new RateLimitedLog(
			LogFactory.getLog(ContentStrippingSpanExporter.class));

	private final SpanExporter delegate;

	/**
	 * Wrap an exporter.
	 * @param delegate the exporter that receives the spans without content
	 */
	public ContentStrippingSpanExporter(SpanExporter delegate) {
		this.delegate = Objects.requireNonNull(delegate, "delegate");
	}

	/**
	 * The exporter this one passes the spans to.
	 * @return the wrapped exporter
	 */
	public SpanExporter getDelegate() {
		return this.delegate;
	}

	/**
	 * The given exporters, each wrapped unless it already strips content or is one of the
	 * starter's own (which sends to Braintrust): what the application's other exporters
	 * are given in place of the originals.
	 * @param exporters the application's exporters
	 * @return the wrapped exporters, in the same order
	 */
	public static List<SpanExporter> wrapAll(Iterable<SpanExporter> exporters) {
		List<SpanExporter> wrapped = new ArrayList<>();
		for (SpanExporter exporter : exporters) {
			wrapped.add(isWrapped(exporter) ? exporter : new ContentStrippingSpanExporter(exporter));
		}
		return wrapped;
	}

	private static boolean isWrapped(SpanExporter exporter) {
		// An exporter of the starter itself (none is a bean today) sends to Braintrust.
		return exporter instanceof ContentStrippingSpanExporter
				|| exporter.getClass().getName().startsWith("dev.braintrust.spring.boot.");
	}

	@Override
	public CompletableResultCode export(Collection<SpanData> spans) {
		if (!containsLlmSpan(spans)) {
			return this.delegate.export(spans);
		}
		List<SpanData> stripped = new ArrayList<>(spans.size());
		for (SpanData span : spans) {
			if (!isLlmSpan(span)) {
				stripped.add(span);
				continue;
			}
			try {
				stripped.add(strip(span));
			}
			catch (RuntimeException ex) {
				// Never forward content: the span is left out of this destination.
				logger.warn("strip", "Could not remove the content of an LLM span; it is not exported to "
						+ this.delegate.getClass().getName(), ex);
			}
		}
		return this.delegate.export(stripped);
	}

	private static boolean containsLlmSpan(Collection<SpanData> spans) {
		for (SpanData span : spans) {
			if (isLlmSpan(span)) {
				return true;
			}
		}
		return false;
	}

	private static boolean isLlmSpan(SpanData span) {
		return LlmSpanAttributes.INSTRUMENTATION_SCOPE.equals(span.getInstrumentationScopeInfo().getName());
	}

	static SpanData strip(SpanData span) {
		AttributesBuilder kept = Attributes.builder();
		int[] removed = new int[1];
		span.getAttributes().forEach((key, value) -> {
			if (CONTENT_ATTRIBUTES.contains(key.getKey())) {
				removed[0]++;
			}
			else if (key.equals(LlmSpanAttributes.METADATA)) {
				String metadata = MetadataAllowList.metadataJson((String) value);
				if (metadata != null) {
					kept.put(LlmSpanAttributes.METADATA, metadata);
				}
				else {
					removed[0]++;
				}
			}
			else {
				putUnchecked(kept, key, value);
			}
		});
		List<EventData> events = span.getEvents();
		List<EventData> keptEvents = new ArrayList<>(events.size());
		for (EventData event : events) {
			keptEvents.add(LlmSpanAttributes.EXCEPTION_EVENT.equals(event.getName()) ? withoutMessage(event) : event);
		}
		return new ContentFreeSpanData(span, kept.build(), span.getTotalAttributeCount() - removed[0], keptEvents);
	}

	private static EventData withoutMessage(EventData event) {
		Attributes attributes = event.getAttributes();
		if (attributes.get(LlmSpanAttributes.EXCEPTION_MESSAGE) == null
				&& attributes.get(LlmSpanAttributes.EXCEPTION_STACKTRACE) == null) {
			return event;
		}
		Attributes kept = attributes.toBuilder()
			.removeIf((key) -> key.equals(LlmSpanAttributes.EXCEPTION_MESSAGE)
					|| key.equals(LlmSpanAttributes.EXCEPTION_STACKTRACE))
			.build();
		int removed = attributes.size() - kept.size();
		return EventData.create(event.getEpochNanos(), event.getName(), kept, event.getTotalAttributeCount() - removed);
	}

	@SuppressWarnings("unchecked")
	private static void putUnchecked(AttributesBuilder builder, AttributeKey<?> key, Object value) {
		builder.put((AttributeKey<Object>) key, value);
	}

	@Override
	public CompletableResultCode flush() {
		return this.delegate.flush();
	}

	@Override
	public CompletableResultCode shutdown() {
		return this.delegate.shutdown();
	}

	@Override
	public void close() {
		this.delegate.close();
	}

	@Override
	public String toString() {
		return "ContentStrippingSpanExporter[" + this.delegate + "]";
	}

	/**
	 * A span as exported, but with other attributes and events.
	 */
	private static final class ContentFreeSpanData extends DelegatingSpanData {

		private final Attributes attributes;

		private final int totalAttributeCount;

		private final List<EventData> events;

		ContentFreeSpanData(SpanData delegate, Attributes attributes, int totalAttributeCount, List<EventData> events) {
			super(delegate);
			this.attributes = attributes;
			this.totalAttributeCount = totalAttributeCount;
			this.events = List.copyOf(events);
		}

		@Override
		public Attributes getAttributes() {
			return this.attributes;
		}

		@Override
		public int getTotalAttributeCount() {
			return this.totalAttributeCount;
		}

		@Override
		public List<EventData> getEvents() {
			return this.events;
		}

	}

}
