package dev.braintrust.spring.boot.trace;

import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.noop.NoopMeter;
import org.jspecify.annotations.Nullable;

/**
 * The GenAI client metrics of DESIGN §7, with the bucket boundaries of the OpenTelemetry
 * GenAI semantic conventions. Every meter carries {@code gen_ai.operation.name},
 * {@code gen_ai.provider.name}, {@code gen_ai.request.model} ({@code unknown} when the
 * request names no model) and {@code error.type}, which is {@code none} for successful
 * and cancelled calls (a tag key must be on every meter of a name for most registries).
 * Meters are cached per tag set; a meter the registry denied (a {@code MeterFilter}
 * bounding the distinct models) is a no-op and is not cached, so that calls to models
 * past the bound keep nothing in memory.
 */
public final class LlmMetrics implements LlmCallListener {

	/**
	 * Prefix of these meters' names (and of Spring AI's, which carry the same model tag).
	 */
	public static final String METER_NAME_PREFIX = "gen_ai.client.";

	static final String DURATION = "gen_ai.client.operation.duration";

	static final String TOKEN_USAGE = "gen_ai.client.token.usage";

	static final String TIME_TO_FIRST_CHUNK = "gen_ai.client.operation.time_to_first_chunk";

	static final String NO_ERROR = "none";

	private static final Duration[] DURATION_BUCKETS = durations(0.01, 0.02, 0.04, 0.08, 0.16, 0.32, 0.64, 1.28, 2.56,
			5.12, 10.24, 20.48, 40.96, 81.92);

	private static final double[] TOKEN_BUCKETS = { 1, 4, 16, 64, 256, 1024, 4096, 16384, 65536, 262144, 1048576,
			4194304, 16777216, 67108864 };

	private final MeterRegistry registry;

	private final ConcurrentMap<Key, Meters> meters = new ConcurrentHashMap<>();

	/**
	 * Creates the metrics.
	 * @param registry where the meters are registered
	 */
	public LlmMetrics(MeterRegistry registry) {
		this.registry = registry;
	}

	@Override
	public void onFinish(LlmCall call) {
		record(call);
	}

	@Override
	public void onError(LlmCall call) {
		record(call);
	}

	private void record(LlmCall call) {
		LlmRequest request = call.request();
		if (request.operation() == LlmOperation.INVOKE_AGENT) {
			// Not a client operation of a model: the calls it makes are measured each.
			return;
		}
		String errorType = call.errorType();
		Key key = new Key(request.operation(), request.provider(), request.model(),
				(errorType != null) ? errorType : NO_ERROR);
		Meters meters = this.meters.get(key);
		if (meters == null) {
			meters = create(key);
			if (!(meters.duration instanceof NoopMeter)) {
				Meters cached = this.meters.putIfAbsent(key, meters);
				meters = (cached != null) ? cached : meters;
			}
		}
		if (call.duration() != null) {
			meters.duration.record(call.duration());
		}
		if (call.timeToFirstChunk() != null) {
			meters.timeToFirstChunk.record(call.timeToFirstChunk());
		}
		TokenUsage usage = (call.response() != null) ? call.response().usage() : null;
		if (usage != null) {
			if (usage.inputTokens() != null) {
				meters.inputTokens.record(usage.inputTokens());
			}
			if (usage.outputTokens() != null) {
				meters.outputTokens.record(usage.outputTokens());
			}
		}
	}

	int cachedTagSets() {
		return this.meters.size();
	}

	private Meters create(Key key) {
		Tags tags = Tags.of(LlmSpanAttributes.OPERATION_NAME.getKey(), key.operation.value(),
				LlmSpanAttributes.PROVIDER_NAME.getKey(), key.provider, LlmSpanAttributes.REQUEST_MODEL.getKey(),
				(key.model != null) ? key.model : "unknown", LlmSpanAttributes.ERROR_TYPE.getKey(), key.errorType);
		Timer duration = Timer.builder(DURATION)
			.description("Duration of GenAI client operations")
			.tags(tags)
			.serviceLevelObjectives(DURATION_BUCKETS)
			.register(this.registry);
		Timer timeToFirstChunk = Timer.builder(TIME_TO_FIRST_CHUNK)
			.description("Time to the first chunk of streamed GenAI responses")
			.tags(tags)
			.serviceLevelObjectives(DURATION_BUCKETS)
			.register(this.registry);
		DistributionSummary input = tokens(tags, "input");
		DistributionSummary output = tokens(tags, "output");
		return new Meters(duration, timeToFirstChunk, input, output);
	}

	private DistributionSummary tokens(Tags tags, String type) {
		return DistributionSummary.builder(TOKEN_USAGE)
			.description("Number of input and output tokens used")
			.baseUnit("{token}")
			.tags(tags)
			.tag("gen_ai.token.type", type)
			.serviceLevelObjectives(TOKEN_BUCKETS)
			.register(this.registry);
	}

	private static Duration[] durations(double... seconds) {
		Duration[] result = new Duration[seconds.length];
		for (int i = 0; i < seconds.length; i++) {
			result[i] = Duration.ofNanos(Math.round(seconds[i] * 1_000_000_000L));
		}
		return result;
	}

	private record Key(LlmOperation operation, String provider, @Nullable String model, String errorType) {

	}

	private record Meters(Timer duration, Timer timeToFirstChunk, DistributionSummary inputTokens,
			DistributionSummary outputTokens) {

	}

}
