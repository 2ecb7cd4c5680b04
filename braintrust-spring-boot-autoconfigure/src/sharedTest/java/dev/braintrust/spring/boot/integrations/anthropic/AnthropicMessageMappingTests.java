package dev.braintrust.spring.boot.integrations.anthropic;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;

import com.anthropic.core.ObjectMappers;
import com.anthropic.models.messages.Message;
import com.anthropic.models.messages.MessageCreateParams;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.braintrust.spring.boot.internal.ServerEndpoint;
import dev.braintrust.spring.boot.trace.ChatMessage;
import dev.braintrust.spring.boot.trace.LazyTracer;
import dev.braintrust.spring.boot.trace.LlmRequest;
import dev.braintrust.spring.boot.trace.LlmResponse;
import dev.braintrust.spring.boot.trace.LlmTracer;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.beans.factory.support.StaticListableBeanFactory;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The request and the response of a blocking call are what their wire JSON gives through
 * {@link AnthropicMessageConverter}, the reading every other Anthropic path (beta
 * messages, blocks of a type the SDK does not know) shares: the same messages, content
 * parts, tool calls, tools, parameters and usage, in the same order.
 */
class AnthropicMessageMappingTests {

	private static final ObjectMapper sdk = ObjectMappers.jsonMapper();

	// Renders the tracing model as the span would see it: numbers by value, maps and
	// lists in their order.
	private static final ObjectMapper render = new ObjectMapper();

	private static final ServerEndpoint ENDPOINT = ServerEndpoint.of("https://api.anthropic.com");

	private final AnthropicMessagesTracing tracing = new AnthropicMessagesTracing(
			new LazyTracer(new StaticListableBeanFactory().getBeanProvider(LlmTracer.class)), sdk);

	private final AnthropicMessageConverter wire = new AnthropicMessageConverter(sdk);

	// Without the fallback to the wire JSON: fails on what it cannot read.
	private final MessagesMapping typed = new MessagesMapping(sdk, this.wire);

	@ParameterizedTest
	@ValueSource(strings = { "request-every-block.json", "request-minimal.json" })
	void requestIsTheOneItsWireJsonGives(String file) throws IOException {
		MessageCreateParams params = MessageCreateParams.builder()
			.body(read(file, MessageCreateParams.Body.class))
			.build();
		for (boolean stream : List.of(false, true)) {
			LlmRequest expected = this.wire.toRequest(sdk.valueToTree(params._body()), stream, ENDPOINT);
			assertThat(render(this.tracing.request(params, stream, ENDPOINT))).isEqualTo(render(expected));
			if (MessagesMapping.READS_REQUESTS) {
				// The SDK's 2.x line has other message types: its requests are read as
				// JSON.
				assertThat(render(this.typed.request(params._body(), stream, ENDPOINT))).isEqualTo(render(expected));
			}
			assertThat(render(expected)).contains("\"messages\":[{\"role\":").contains(expected.model());
		}
	}

	@ParameterizedTest
	@ValueSource(strings = { "request-every-block.json", "request-minimal.json" })
	void betaRequestIsTheOneItsWireJsonGives(String file) throws IOException {
		var params = com.anthropic.models.beta.messages.MessageCreateParams.builder()
			.body(read(file, com.anthropic.models.beta.messages.MessageCreateParams.Body.class))
			.build();
		LlmRequest expected = this.wire.toRequest(sdk.valueToTree(params._body()), false, null);
		assertThat(render(this.tracing.request(params, false, null))).isEqualTo(render(expected));
	}

	@ParameterizedTest
	@ValueSource(strings = { "response-every-block.json", "response-text-only.json", "response-empty.json",
			"../message-thinking.json", "../message-prompt-caching.json", "../message-tool-use.json" })
	void responseIsTheOneItsWireJsonGives(String file) throws IOException {
		Message message = read(file, Message.class);
		LlmResponse expected = this.wire.toResponse(sdk.valueToTree(message));
		assertThat(render(this.tracing.response(message))).isEqualTo(render(expected));
		assertThat(render(this.typed.response(message, true))).isEqualTo(render(expected));
		assertThat(render(expected)).contains("\"choices\":[{\"index\":0").contains(expected.id());
	}

	@ParameterizedTest
	@ValueSource(strings = { "response-every-block.json", "response-text-only.json", "response-empty.json" })
	void withoutContentCaptureTheResponseHoldsAllButItsContent(String file) throws IOException {
		Message message = read(file, Message.class);
		LlmResponse expected = this.wire.toResponse(sdk.valueToTree(message));
		LlmResponse response = this.tracing.response(message, false);
		assertThat(response.id()).isEqualTo(expected.id());
		assertThat(response.model()).isEqualTo(expected.model());
		assertThat(response.usage()).isEqualTo(expected.usage());
		assertThat(response.choices()).singleElement().satisfies((choice) -> {
			assertThat(choice.finishReason()).isEqualTo(expected.choices().get(0).finishReason());
			assertThat(choice.message()).isEqualTo(ChatMessage.assistant(null));
		});
	}

	@ParameterizedTest
	@ValueSource(strings = { "response-every-block.json", "response-text-only.json" })
	void betaResponseIsTheOneItsWireJsonGives(String file) throws IOException {
		var message = read(file, com.anthropic.models.beta.messages.BetaMessage.class);
		LlmResponse expected = this.wire.toResponse(sdk.valueToTree(message));
		assertThat(render(this.tracing.response(message))).isEqualTo(render(expected));
	}

	private static String render(Object value) throws IOException {
		return render.writeValueAsString(value);
	}

	private static <T> T read(String file, Class<T> type) throws IOException {
		try (InputStream in = AnthropicMessageMappingTests.class.getResourceAsStream("/anthropic/mapping/" + file)) {
			JsonNode json = sdk.readTree(in);
			return sdk.treeToValue(json, type);
		}
	}

}
