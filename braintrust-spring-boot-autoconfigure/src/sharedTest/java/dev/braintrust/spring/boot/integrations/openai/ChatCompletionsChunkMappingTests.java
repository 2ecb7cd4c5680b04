package dev.braintrust.spring.boot.integrations.openai;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import com.openai.core.ObjectMappers;
import com.openai.models.chat.completions.ChatCompletionChunk;
import dev.braintrust.spring.boot.trace.ChatStreamAccumulator;
import dev.braintrust.spring.boot.trace.LlmResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.core.io.ClassPathResource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Chunks are read through the SDK's public typed accessors; they must aggregate exactly
 * as their wire JSON does ({@link WireJson}).
 */
class ChatCompletionsChunkMappingTests {

	@ParameterizedTest
	@ValueSource(
			strings = { "openai/chat-stream.sse", "openai/chat-stream-usage.sse", "openai/chat-stream-tool-calls.sse" })
	void typedAccessorsAggregateChunksExactlyAsTheirWireJson(String stream) throws IOException {
		ChatStreamAccumulator typed = new ChatStreamAccumulator();
		ChatStreamAccumulator json = new ChatStreamAccumulator();
		for (ChatCompletionChunk chunk : chunks(stream)) {
			ChatCompletionsMapping.aggregate(chunk, typed);
			WireJson.aggregate(chunk, json);
		}
		LlmResponse response = typed.toResponse();
		assertThat(response).isEqualTo(json.toResponse());
		assertThat(response.choices()).isNotEmpty();
	}

	@Test
	void aChunkMissingARequiredFieldIsStillAggregated() throws IOException {
		ChatCompletionChunk chunk = ObjectMappers.jsonMapper()
			.readValue("{\"object\":\"chat.completion.chunk\",\"choices\":[{\"delta\":{\"content\":\"Hi\"}}]}",
					ChatCompletionChunk.class);
		ChatStreamAccumulator accumulator = new ChatStreamAccumulator();
		ChatCompletionsMapping.aggregate(chunk, accumulator);
		assertThat(accumulator.toResponse().choices()).singleElement()
			.satisfies((choice) -> assertThat(choice.message().content()).isEqualTo("Hi"));
	}

	private static List<ChatCompletionChunk> chunks(String resource) throws IOException {
		String raw = new ClassPathResource(resource).getContentAsString(StandardCharsets.UTF_8);
		List<ChatCompletionChunk> chunks = new ArrayList<>();
		for (String line : raw.split("\n")) {
			if (line.startsWith("data: ") && !line.equals("data: [DONE]")) {
				chunks.add(ObjectMappers.jsonMapper().readValue(line.substring(6), ChatCompletionChunk.class));
			}
		}
		return chunks;
	}

}
