package dev.braintrust.spring.boot.testsupport;

import java.util.List;

import dev.braintrust.spring.boot.trace.SpanOrigin;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.sdk.trace.data.SpanData;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Assertions of the span contract every integration's representative calls are held to:
 * the exact set of attributes a span carries, and its origin.
 */
public final class SpanContract {

	private static final JsonMapper json = JsonMapper.builder().build();

	private SpanContract() {
	}

	/**
	 * Assert that a span carries exactly these attributes, no more and no fewer.
	 * @param span the span
	 * @param names the attribute names
	 */
	public static void assertAttributeNames(SpanData span, String... names) {
		List<String> actual = span.getAttributes().asMap().keySet().stream().map(AttributeKey::getKey).toList();
		assertThat(actual).as("the attributes of %s", span.getName()).containsExactlyInAnyOrder(names);
	}

	/**
	 * Assert that a span's {@code braintrust.context_json} names the starter, its version
	 * and the integration (the environment depends on the machine the test runs on).
	 * @param span the span
	 * @param integration the integration
	 */
	public static void assertSpanOrigin(SpanData span, String integration) {
		JsonNode origin = json.readTree(span.getAttributes().get(AttributeKey.stringKey("braintrust.context_json")))
			.get("span_origin");
		assertThat(origin.get("name").asString()).isEqualTo("braintrust-spring-boot-starter");
		assertThat(origin.get("version").asString()).isEqualTo(SpanOrigin.starterVersion()).isNotBlank();
		assertThat(origin.get("instrumentation").get("name").asString()).isEqualTo(integration);
	}

}
