package dev.braintrust.spring.boot.trace;

import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * What {@link ChatStreamAccumulator} holds of one choice of a streamed response, guarded
 * by the accumulator's lock.
 */
final class StreamedChoice {

	String role = "assistant";

	@Nullable StringBuilder content;

	@Nullable List<@Nullable PartState> parts;

	final List<@Nullable ToolCallState> toolCalls = new ArrayList<>(0);

	@Nullable String finishReason;

	Choice toChoice(int index) {
		List<ToolCall> calls = new ArrayList<>(this.toolCalls.size());
		for (ToolCallState call : this.toolCalls) {
			if (call != null) {
				calls.add(new ToolCall(call.id, (call.name != null) ? call.name : "", call.arguments.toString()));
			}
		}
		String text = (this.content != null) ? this.content.toString() : null;
		List<ContentPart> contentParts = List.of();
		if (this.parts != null) {
			contentParts = new ArrayList<>(this.parts.size() + 1);
			boolean textOnly = true;
			StringBuilder joined = new StringBuilder((text != null) ? text : "");
			if (text != null) {
				contentParts.add(ContentPart.text(text));
			}
			for (PartState part : this.parts) {
				if (part != null) {
					String partText = (part.text != null) ? part.text.toString() : null;
					textOnly &= part.type.equals("text");
					joined.append((partText != null) ? partText : "");
					contentParts.add(part.type.equals("text") ? ContentPart.text((partText != null) ? partText : "")
							: new ContentPart(part.type, partText, null));
				}
			}
			if (textOnly) {
				text = contentParts.isEmpty() ? null : joined.toString();
				contentParts = List.of();
			}
		}
		return new Choice(index, new ChatMessage(this.role, text, contentParts, calls, null, null), this.finishReason);
	}

	static final class PartState {

		final String type;

		@Nullable StringBuilder text;

		PartState(String type) {
			this.type = type;
		}

	}

	static final class ToolCallState {

		@Nullable String id;

		@Nullable String name;

		final StringBuilder arguments = new StringBuilder();

	}

}
