package dev.braintrust.spring.boot.export;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;

/**
 * Which spans are about AI calls: those carrying a {@code gen_ai.*} or
 * {@code braintrust.*} attribute.
 */
final class AiSpans {

	static final AttributeKey<String> BRAINTRUST_PARENT = AttributeKey.stringKey("braintrust.parent");

	private AiSpans() {
	}

	static boolean isAiSpan(Attributes attributes) {
		for (AttributeKey<?> key : attributes.asMap().keySet()) {
			String name = key.getKey();
			if (name.startsWith("gen_ai.") || name.startsWith("braintrust.")) {
				return true;
			}
		}
		return false;
	}

}
